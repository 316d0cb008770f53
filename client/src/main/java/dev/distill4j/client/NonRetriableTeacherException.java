package dev.distill4j.client;

/** A failure that sending again cannot fix: a bad request, a bad key, a wrong URL or model. */
public final class NonRetriableTeacherException extends TeacherException {
    NonRetriableTeacherException(FailureKind kind, String endpoint, int status, String message, Throwable cause) {
        super(kind, endpoint, status, null, message, cause);
        if (kind.retriable()) {
            throw new IllegalArgumentException("field 'kind': expected a non-retriable kind, got " + kind);
        }
    }
}
