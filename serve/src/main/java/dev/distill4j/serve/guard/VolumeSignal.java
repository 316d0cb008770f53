package dev.distill4j.serve.guard;

import java.util.List;

/**
 * Signal: the key sends far more than is usual, against its own history and against a ceiling for any single user.
 * Building a training set takes tens of thousands of answers; rate limits per key are the providers' first defence,
 * and a sudden rise over a key's own baseline is the classic usage-anomaly trigger (the same idea as fraud detection's
 * velocity checks).
 *
 * <p>Two parts, the larger wins: the key's requests in the last {@code window} against {@code ceiling} (a rate no
 * single legitimate user reaches, e.g. several times the heaviest benign user's), on a logistic ramp so the score is
 * 0.5 at the ceiling; and the recent rate against the key's own mean rate before it, which only counts once the key
 * has a history of at least {@code minHistory}.
 *
 * @param windowMillis the recent window
 * @param ceiling      requests per window at which the absolute part reaches 0.5
 * @param minHistoryMillis how long a key must have been seen before its own baseline counts
 */
public record VolumeSignal(long windowMillis, double ceiling, long minHistoryMillis) {
    public VolumeSignal {
        if (windowMillis < 1 || !(ceiling > 0) || minHistoryMillis < 0) {
            throw new IllegalArgumentException("need a window >= 1 ms, a ceiling > 0 and a history >= 0 ms, got " + windowMillis + ", " + ceiling
                    + ", " + minHistoryMillis);
        }
    }

    /**
     * @param timesMillis the key's request times (in arrival order; not necessarily sorted)
     * @param nowMillis   the moment to score at
     */
    public double score(List<Long> timesMillis, long nowMillis) {
        if (timesMillis.isEmpty()) {
            return 0;
        }
        long recentFrom = nowMillis - windowMillis;
        long recent = timesMillis.stream().filter(t -> t > recentFrom && t <= nowMillis).count();
        double absolute = logistic(recent / ceiling);
        long first = timesMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
        double relative = 0;
        long history = recentFrom - first;
        if (history >= minHistoryMillis && history > 0) {
            long before = timesMillis.stream().filter(t -> t <= recentFrom).count();
            double baseline = Math.max(1.0, before * (double) windowMillis / history); // requests per window before, at least 1
            relative = logistic(recent / (baseline * 10)); // 10x its own usual rate scores 0.5
        }
        return Math.max(absolute, relative);
    }

    /**
     * A logistic ramp, 0.5 at a ratio of 1 and towards 1 above it, saturating instead of a cliff; below 1 it is shifted
     * down linearly so that no requests at all score exactly 0.
     */
    private static double logistic(double ratio) {
        return 1 / (1 + Math.exp(-6 * (ratio - 1))) - 1 / (1 + Math.exp(6)) * (1 - Math.min(1, ratio));
    }
}
