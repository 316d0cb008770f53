package dev.distill4j.tasks.family;

import dev.distill4j.core.tasks.TaskRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Draws distinct problems of one split from a seed: candidates of the other split and repeats are skipped
 * until the request is filled. The result is a pure function of the request, so a stage run again with the
 * same request sees the same problems in the same order.
 *
 * @param <P> the family's problem
 */
public final class DistinctDraw<P> {
    /** Draws per requested task before giving up: enough to collect nearly all of a small space's split. */
    private static final long DRAWS_PER_TASK = 200;
    private static final long MIN_DRAWS = 20_000;

    private final String family;
    private final Function<SplittableRandom, P> candidate;
    private final Function<P, String> splitContent;
    private final Function<P, String> identity;

    /**
     * @param family       the family name, which salts the split hash
     * @param candidate    draws one problem from the random source
     * @param splitContent the canonical content that decides the split (the same for problems that must
     *                     never stand on both sides, such as {@code a+b} and {@code b+a})
     * @param identity     what makes two problems the same task within one request
     */
    public DistinctDraw(String family, Function<SplittableRandom, P> candidate, Function<P, String> splitContent,
                        Function<P, String> identity) {
        this.family = family;
        this.candidate = candidate;
        this.splitContent = splitContent;
        this.identity = identity;
    }

    /**
     * {@code request.n()} distinct problems of {@code request.split()}, seeded by {@code request.seed()}.
     *
     * @param widenHint how to make the space larger, for the error when it is too small
     * @throws IllegalArgumentException when the split of the space runs out before n problems are found
     */
    public List<P> draw(TaskRequest request, String widenHint) {
        SplittableRandom random = new SplittableRandom(request.seed());
        List<P> drawn = new ArrayList<>(request.n());
        Set<String> seen = new HashSet<>();
        long limit = Math.max(MIN_DRAWS, DRAWS_PER_TASK * request.n());
        for (long draws = 0; drawn.size() < request.n(); draws++) {
            if (draws == limit) {
                throw new IllegalArgumentException("task family '" + family + "' found only " + drawn.size()
                        + " distinct " + request.split().wireName() + " tasks of the " + request.n() + " requested in "
                        + limit + " draws: the configured problem space is too small; " + widenHint);
            }
            P problem = candidate.apply(random);
            // Checking the identity first skips the hash for repeats, which dominate once a small space fills up.
            if (!seen.add(identity.apply(problem))) {
                continue;
            }
            if (ContentSplit.of(family, splitContent.apply(problem)) == request.split()) {
                drawn.add(problem);
            }
        }
        return List.copyOf(drawn);
    }
}
