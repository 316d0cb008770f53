package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signal: the key walks a task space. Building a distillation set means covering the tasks a student should learn:
 * one prompt template filled with operands that are enumerated rather than chosen, which is how the attacks this
 * project simulates (and the task families it distils) generate their queries. Benign users vary their templates, and
 * when one template dominates (an evaluation job runs one benchmark), its operands are a benchmark's, not a walk.
 *
 * <p>The score is {@code share * enumeration}: the share of the key's recent prompts that use its most common template
 * skeleton, times {@link OperandEnumeration#score} of those prompts' operands in the order they came. Fewer than
 * {@code minPrompts} recent prompts score 0.
 *
 * <p>Its blind spot, by design of what it measures: a walk sent in shuffled order scores like benign use. The
 * distance test ({@link DistanceNormality}), coordination across keys and volume cover that case.
 *
 * @param minPrompts prompts needed before the signal speaks
 */
public record CoverageSignal(int minPrompts) {
    public CoverageSignal {
        if (minPrompts < 2) {
            throw new IllegalArgumentException("field 'min_prompts': expected at least 2, got " + minPrompts);
        }
    }

    /** @param traces the key's recent prompt traces, oldest first */
    public double score(List<PromptTrace> traces) {
        if (traces.size() < minPrompts) {
            return 0;
        }
        Map<Long, Integer> counts = new HashMap<>();
        traces.forEach(trace -> counts.merge(trace.skeleton(), 1, Integer::sum));
        Map.Entry<Long, Integer> dominant = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        double share = (double) dominant.getValue() / traces.size();
        List<long[]> operands = new ArrayList<>();
        for (PromptTrace trace : traces) {
            if (trace.skeleton() == dominant.getKey()) {
                operands.add(trace.operands());
            }
        }
        return share * OperandEnumeration.score(operands);
    }
}
