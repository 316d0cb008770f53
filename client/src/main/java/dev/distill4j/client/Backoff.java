package dev.distill4j.client;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Exponential backoff with full jitter: before retry {@code k} (1-based) wait a uniform time in
 * {@code [0, min(cap, base * 2^(k-1))]}. Full jitter spreads a crowd of clients that failed together, so they do
 * not come back together (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015). A server's Retry-After
 * wins when it is longer. The random source is seeded so that a run replays.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final SplittableRandom random;

    public Backoff(Duration base, Duration cap, long seed) {
        if (base == null || !base.isPositive()) {
            throw new IllegalArgumentException("field 'base': expected a positive duration, got " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("field 'cap': expected a duration >= base (" + base + "), got " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.random = new SplittableRandom(seed);
    }

    /** The longest wait before retry {@code retry} (1-based), before jitter. */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("field 'retry': expected a number >= 1, got " + retry);
        }
        // base * 2^(retry-1), saturating instead of overflowing.
        int shift = Math.min(retry - 1, 62);
        long nanos = base.toNanos();
        long scaled = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return Duration.ofNanos(Math.min(scaled, cap.toNanos()));
    }

    /** How long to wait before retry {@code retry}, given what the server asked for. */
    public Duration delay(int retry, Optional<Duration> retryAfter) {
        long ceiling = ceiling(retry).toNanos();
        long jittered;
        synchronized (random) {
            jittered = random.nextLong(ceiling + 1);
        }
        Duration wait = Duration.ofNanos(jittered);
        return retryAfter.filter(asked -> asked.compareTo(wait) > 0).orElse(wait);
    }
}
