package dev.distill4j.tasks.family;

import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Split;

/**
 * Puts a problem on the train or the eval side by a hash of its canonical content, so the side never
 * depends on the seed or on the request: the same problem drawn by two runs lands on the same side, and an
 * eval set can never leak into a train set.
 */
public final class ContentSplit {
    /** The share of every family's problem space, in percent, that is kept for evaluation. */
    public static final int EVAL_PERCENT = 20;

    private ContentSplit() {}

    /** The side of the problem whose canonical content is {@code canonical}, within {@code family}. */
    public static Split of(String family, String canonical) {
        String key = ContentKey.of("split", family, canonical);
        // 60 bits of the hash: plenty of uniformity for a percentage, and always a positive long.
        long bucket = Long.parseLong(key.substring(0, 15), 16) % 100;
        return bucket < EVAL_PERCENT ? Split.EVAL : Split.TRAIN;
    }
}
