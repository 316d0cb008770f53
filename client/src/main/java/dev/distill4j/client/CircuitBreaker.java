package dev.distill4j.client;

import java.time.Duration;

/**
 * Stops sending to an endpoint that keeps failing: closed (requests pass) → open after {@code failureThreshold}
 * consecutive failures (requests go elsewhere) → half-open once {@code coolDown} has passed (one trial request) →
 * closed when the trial succeeds, open again when it fails.
 */
public final class CircuitBreaker {
    /** Where the breaker stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long coolDownNanos;
    private final Ticker ticker;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration coolDown, Ticker ticker) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("field 'failure_threshold': expected a number >= 1, got " + failureThreshold);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("field 'cool_down': expected a duration >= 0, got " + coolDown);
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.ticker = ticker;
    }

    /** Whether a request could pass now, without taking the half-open trial. */
    public synchronized boolean available() {
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> ticker.nanoTime() - openedAt >= coolDownNanos;
            case HALF_OPEN -> !trialInFlight;
        };
    }

    /** Asks to send one request; past the cool-down the first asker gets the half-open trial. */
    public synchronized boolean tryAcquire() {
        if (!available()) {
            return false;
        }
        if (state != State.CLOSED) {
            state = State.HALF_OPEN;
            trialInFlight = true;
        }
        return true;
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** Gives back a half-open trial that ended without saying anything about the endpoint (interrupted, refused locally). */
    public synchronized void release() {
        trialInFlight = false;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = ticker.nanoTime();
        }
    }

    /** Time left until an open breaker lets a trial through; zero when it is not open. */
    public synchronized Duration untilAvailable() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, coolDownNanos - (ticker.nanoTime() - openedAt)));
    }

    public synchronized State state() {
        return state;
    }
}
