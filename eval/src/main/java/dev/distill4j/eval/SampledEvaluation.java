package dev.distill4j.eval;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.PassAtK;
import dev.distill4j.core.verify.Verifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * pass@k and maj@k from n sampled answers per task. pass@k is the unbiased estimator over all n samples; maj@k
 * votes over the first k: a task counts when its most frequent extracted answer (ties to the one seen first) is a
 * correct one.
 */
public final class SampledEvaluation {
    private SampledEvaluation() {}

    public record Result(int samplesPerTask, Map<Integer, Double> passAtK, Map<Integer, Double> majAtK) {}

    /** @param ks the k to report; those above the samples per task are left out */
    public static Result of(List<Task> tasks, List<List<String>> answers, Verifiers verifiers, List<Integer> ks) {
        if (answers.size() != tasks.size()) {
            throw new IllegalArgumentException("expected the answers of every task: " + tasks.size() + " tasks, " + answers.size() + " answer lists");
        }
        int n = answers.stream().mapToInt(List::size).min().orElse(0);
        List<List<Judgement>> judged = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            List<Judgement> judgements = new ArrayList<>();
            for (String answer : answers.get(t).subList(0, n)) {
                judgements.add(verifiers.forSpec(tasks.get(t).verifier()).verify(tasks.get(t), answer));
            }
            judged.add(judgements);
        }
        Map<Integer, Double> passAtK = new TreeMap<>();
        Map<Integer, Double> majAtK = new TreeMap<>();
        for (int k : ks) {
            if (k > n || tasks.isEmpty()) {
                continue;
            }
            double pass = 0;
            int majority = 0;
            for (List<Judgement> judgements : judged) {
                int correct = (int) judgements.stream().filter(Judgement::pass).count();
                pass += PassAtK.estimate(n, correct, k);
                majority += majorityCorrect(judgements.subList(0, k)) ? 1 : 0;
            }
            passAtK.put(k, pass / tasks.size());
            majAtK.put(k, (double) majority / tasks.size());
        }
        return new Result(n, passAtK, majAtK);
    }

    /**
     * Whether the most frequent extracted answer (see {@link MajorityVote}) is a correct one. The verifier decides
     * correctness, so "Answer: 07" and "Answer: 7" that it extracts alike vote alike.
     */
    static boolean majorityCorrect(List<Judgement> judgements) {
        String winner = MajorityVote.majorityAnswer(judgements.stream().map(Judgement::extracted).toList(), judgements.size());
        return winner != null && judgements.stream().anyMatch(j -> j.pass() && winner.equals(j.extracted()));
    }
}
