package dev.distill4j.client;

import java.time.Duration;

/** A failure that may pass if the call is sent again later: 429, 5xx, time-out, reset, broken body. */
public final class RetriableTeacherException extends TeacherException {
    RetriableTeacherException(FailureKind kind, String endpoint, int status, Duration retryAfter, String message, Throwable cause) {
        super(kind, endpoint, status, retryAfter, message, cause);
        if (!kind.retriable()) {
            throw new IllegalArgumentException("field 'kind': expected a retriable kind, got " + kind);
        }
    }
}
