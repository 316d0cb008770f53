package dev.distill4j.client;

import java.time.Duration;

/**
 * A token bucket that refills {@code capacity} units evenly over each {@code period}: one bucket counts requests per
 * minute, another tokens per minute. {@link #acquire} takes what it needs at once, going into debt when the bucket
 * is short, and then waits out the debt: callers are served in arrival order and none waits inside a lock, which
 * matters when thousands of virtual threads share one bucket.
 */
public final class TokenBucket {
    private final String unit;
    private final long capacity;
    private final double perNano;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private double available;
    private long refilledAt;

    /**
     * @param unit     what is counted, for messages ("requests", "tokens")
     * @param capacity most units in the bucket, and the units added per {@code period}
     */
    public TokenBucket(String unit, long capacity, Duration period, Ticker ticker, Sleeper sleeper) {
        if (capacity < 1) {
            throw new IllegalArgumentException("field 'capacity': expected a number >= 1, got " + capacity);
        }
        if (period == null || !period.isPositive()) {
            throw new IllegalArgumentException("field 'period': expected a positive duration, got " + period);
        }
        this.unit = unit;
        this.capacity = capacity;
        this.perNano = (double) capacity / period.toNanos();
        this.ticker = ticker;
        this.sleeper = sleeper;
        this.available = capacity;
        this.refilledAt = ticker.nanoTime();
    }

    /** A bucket of {@code perMinute} units refilled each minute. */
    public static TokenBucket perMinute(String unit, long perMinute, Ticker ticker, Sleeper sleeper) {
        return new TokenBucket(unit, perMinute, Duration.ofMinutes(1), ticker, sleeper);
    }

    /**
     * Takes {@code amount} units, waiting until the bucket has refilled enough.
     *
     * @throws IllegalArgumentException when {@code amount} exceeds the capacity: it could never be served
     */
    public void acquire(long amount) throws InterruptedException {
        Duration wait = reserve(amount);
        if (wait.isPositive()) {
            sleeper.sleep(wait);
        }
    }

    /** Takes {@code amount} units now and says how long the caller must wait before using them. */
    synchronized Duration reserve(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("field 'amount': expected a number >= 0, got " + amount);
        }
        if (amount > capacity) {
            throw new IllegalArgumentException("a request for " + amount + " " + unit + " can never pass a limit of " + capacity
                    + " " + unit + " per period; raise the limit or shrink the request");
        }
        refill();
        available -= amount;
        return available >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-available / perNano));
    }

    /** Units in the bucket now (negative while callers wait out a debt). */
    synchronized double available() {
        refill();
        return available;
    }

    private void refill() {
        long now = ticker.nanoTime();
        available = Math.min(capacity, available + (now - refilledAt) * perNano);
        refilledAt = now;
    }
}
