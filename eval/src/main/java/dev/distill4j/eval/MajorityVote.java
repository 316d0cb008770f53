package dev.distill4j.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * maj@k, majority-vote accuracy (self-consistency, Wang et al. 2022): a task counts as solved when the most frequent
 * of its first k sampled final answers is the correct one. It says what a teacher is worth when its votes are pooled,
 * which is more than pass@1 for a model whose mistakes scatter and whose right answers agree.
 *
 * <p>Answers arrive normalised ("12", not "12.0" or "Answer: 12"); null means the sample gave no answer. A null does
 * not vote: a truncated or unparsable sample says nothing about which answer is right, and counting "no answer" as
 * a candidate would let truncations outvote a consistent answer. (lm-evaluation-harness counts its "[invalid]"
 * marker as a candidate instead; the two differ only where "no answer" would be the most frequent.) A task where
 * none of the first k samples answered counts as wrong. Ties go to the answer that appeared first.
 */
public final class MajorityVote {
    private MajorityVote() {}

    /**
     * One task's sampled answers in sampling order, and the correct answer, both normalised.
     *
     * @param answers the sampled final answers; an entry may be null (no answer)
     * @param correct the correct answer, not null
     */
    public record Votes(List<String> answers, String correct) {
        public Votes {
            if (answers == null) {
                throw new IllegalArgumentException("answers must not be null");
            }
            if (correct == null) {
                throw new IllegalArgumentException("a task needs its correct answer");
            }
            // Not List.copyOf: it refuses nulls, and a null here means a sample that gave no answer.
            answers = java.util.Collections.unmodifiableList(new ArrayList<>(answers));
        }
    }

    /** The most frequent non-null answer among the first k, ties broken by first appearance; null when none answered. */
    public static String majorityAnswer(List<String> answers, int k) {
        requireK(k, answers.size());
        // Insertion order is order of first appearance: the first entry with the top count wins the tie.
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String answer : answers.subList(0, k)) {
            if (answer != null) {
                counts.merge(answer, 1, Integer::sum);
            }
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > bestCount) {
                best = entry.getKey();
                bestCount = entry.getValue();
            }
        }
        return best;
    }

    /** maj@k: the fraction of tasks whose majority answer over their first k samples is correct. */
    public static double majAtK(List<Votes> tasks, int k) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("maj@k needs at least one task");
        }
        long solved = 0;
        for (int t = 0; t < tasks.size(); t++) {
            Votes votes = tasks.get(t);
            if (votes.answers().size() < k) {
                throw new IllegalArgumentException("maj@" + k + " needs " + k + " samples per task, task " + t + " has " + votes.answers().size());
            }
            if (votes.correct().equals(majorityAnswer(votes.answers(), k))) {
                solved++;
            }
        }
        return (double) solved / tasks.size();
    }

    /** maj@k for several k, by k, as the report's {@code majAtK} map. */
    public static SortedMap<Integer, Double> majAtK(List<Votes> tasks, Collection<Integer> ks) {
        SortedMap<Integer, Double> byK = new TreeMap<>();
        for (int k : ks) {
            byK.put(k, majAtK(tasks, k));
        }
        return byK;
    }

    private static void requireK(int k, int samples) {
        if (k < 1 || k > samples) {
            throw new IllegalArgumentException("k must be in [1, " + samples + "] (the samples given), got " + k);
        }
    }
}
