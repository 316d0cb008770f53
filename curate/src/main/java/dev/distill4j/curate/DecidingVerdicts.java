package dev.distill4j.curate;

import dev.distill4j.core.Verdict;
import dev.distill4j.core.store.RunStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The verdict that decides each sample's fate in curation. A sample judged by several verifiers (its task's program
 * and an LLM judge, say) counts with its lowest score, the first in key order on equal scores: it must satisfy every
 * verifier that looked at it. A judge can then filter what a program passed (style, reasoning quality), but never
 * overrule a program that found the answer wrong, which a persuasive wrong answer could otherwise make it do.
 */
public final class DecidingVerdicts {
    private DecidingVerdicts() {}

    /** The deciding verdict of every sample whose key {@code wanted} accepts. */
    public static Map<String, Verdict> of(RunStore store, Predicate<String> wanted) {
        Map<String, Verdict> deciding = new HashMap<>();
        store.verdicts().forEach(verdict -> {
            if (wanted.test(verdict.sampleKey())) {
                deciding.merge(verdict.sampleKey(), verdict, (old, candidate) -> candidate.score() < old.score() ? candidate : old);
            }
        });
        return deciding;
    }
}
