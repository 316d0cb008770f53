package dev.distill4j.curate;

import dev.distill4j.core.Verdict;
import dev.distill4j.core.store.RunStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The verdict that counts for each sample: a sample judged by several verifiers is as good as its best verdict (the
 * highest score; on equal scores the first in key order), so the examples and their exports agree on score and
 * verifier.
 */
public final class BestVerdicts {
    private BestVerdicts() {}

    /** The best verdict of every sample whose key {@code wanted} accepts. */
    public static Map<String, Verdict> of(RunStore store, Predicate<String> wanted) {
        Map<String, Verdict> best = new HashMap<>();
        store.verdicts().forEach(verdict -> {
            if (wanted.test(verdict.sampleKey())) {
                best.merge(verdict.sampleKey(), verdict, (old, candidate) -> candidate.score() > old.score() ? candidate : old);
            }
        });
        return best;
    }
}
