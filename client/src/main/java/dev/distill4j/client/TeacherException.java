package dev.distill4j.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A classified failure of a teacher call. Its message names the endpoint and what the server said,
 * never the API key (see {@link FailureClassifier}).
 */
public abstract sealed class TeacherException extends RuntimeException
        permits RetriableTeacherException, NonRetriableTeacherException {
    private final FailureKind kind;
    private final String endpoint;
    private final int status;
    private final Duration retryAfter;

    TeacherException(FailureKind kind, String endpoint, int status, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.endpoint = endpoint;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The name of the endpoint that failed. */
    public String endpoint() {
        return endpoint;
    }

    /** The HTTP status, or 0 when none came back (time-out, reset, unreadable body). */
    public int status() {
        return status;
    }

    /** How long the server asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean retriable() {
        return kind.retriable();
    }
}
