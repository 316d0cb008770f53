package dev.distill4j.client;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends one call to one endpoint until it succeeds, fails for good, runs out of attempts, or the next wait would pass
 * its deadline; what is worth retrying is {@link FailureClassifier}'s decision, and the waits are {@link Backoff}'s.
 * For calls outside {@link TeacherClient} (provider batches, prompt scoring), which have no pool to fail over to.
 */
public final class RetryLoop {
    private final String endpoint;
    private final String secret;
    private final FailureClassifier classifier;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Duration deadline;
    private final Ticker ticker;
    private final Sleeper sleeper;

    /**
     * @param secret      the endpoint's API key, cut out of every message; null when it has none
     * @param maxAttempts attempts in all, the first included (>= 1)
     * @param deadline    how long one call may keep retrying
     */
    public RetryLoop(String endpoint, String secret, FailureClassifier classifier, Backoff backoff, int maxAttempts, Duration deadline,
            Ticker ticker, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("field 'max_attempts': expected a number >= 1, got " + maxAttempts);
        }
        if (deadline == null || !deadline.isPositive()) {
            throw new IllegalArgumentException("field 'deadline': expected a positive duration, got " + deadline);
        }
        this.endpoint = endpoint;
        this.secret = secret;
        this.classifier = classifier;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /** Runs {@code call}, retrying what is retriable; an {@link UncheckedIOException} counts as a broken connection. */
    public <T> T run(Supplier<T> call) throws InterruptedException {
        return run(call, false);
    }

    /**
     * @param onlyWhenRefused retry only failures the server answered with a status (it refused, so nothing happened
     *                        there); a failure without an answer (a time-out, a reset) is thrown, since the call may
     *                        have taken effect
     */
    public <T> T run(Supplier<T> call, boolean onlyWhenRefused) throws InterruptedException {
        long until = ticker.nanoTime() + deadline.toNanos();
        for (int attempt = 1; ; attempt++) {
            TeacherException failure;
            try {
                return call.get();
            } catch (UncheckedIOException e) {
                failure = new RetriableTeacherException(FailureKind.CONNECTION, endpoint, 0, null,
                        endpoint + ": " + FailureClassifier.redact(String.valueOf(e.getMessage()), secret), e);
            } catch (RuntimeException e) {
                failure = classifier.classify(endpoint, e, secret);
            }
            boolean refused = failure.status() != 0;
            if (!failure.retriable() || (onlyWhenRefused && !refused) || attempt >= maxAttempts) {
                throw failure;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while retrying a call to " + endpoint);
            }
            Duration wait = backoff.delay(attempt, failure.retryAfter());
            if (ticker.nanoTime() + wait.toNanos() >= until) {
                throw failure;
            }
            sleeper.sleep(wait);
        }
    }
}
