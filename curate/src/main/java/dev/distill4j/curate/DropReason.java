package dev.distill4j.curate;

import java.util.Locale;

/** Why curation dropped a candidate, in the order the steps run. */
public enum DropReason {
    /** The sample answers a task that is not a training task of the run (an evaluation task, or one not stored). */
    NOT_A_TRAINING_TASK,
    /** The sample has no verdict yet (run the verify stage first). */
    UNVERIFIED,
    /** The verifier's score is below {@code curation.min_score}. */
    BELOW_MIN_SCORE,
    /** The completion has fewer than {@code curation.min_chars} characters. */
    TOO_SHORT,
    /** The completion has more than {@code curation.max_chars} characters. */
    TOO_LONG,
    /** Another {@code curation.best_of_n} samples of the same task scored higher (or as high and came first). */
    NOT_BEST_OF_N,
    /** The example shares at least {@code curation.min_overlap} n-grams with an evaluation task. */
    CONTAMINATED,
    /** The completion equals a kept one once normalised. */
    EXACT_DUPLICATE,
    /** The completion's shingle Jaccard with a kept one is at least {@code curation.near_dup_jaccard}. */
    NEAR_DUPLICATE,
    /** The task already has {@code curation.max_per_task} kept examples. */
    OVER_TASK_CAP;

    /** The name in tables and JSON: {@code below_min_score}, {@code near_duplicate}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
