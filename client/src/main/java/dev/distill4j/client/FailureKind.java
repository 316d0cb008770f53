package dev.distill4j.client;

/** Why a teacher call failed, and whether trying again can help. */
public enum FailureKind {
    /** 429: the endpoint's limit; the server often says when to come back. */
    RATE_LIMITED(true),
    /** 500, 502, 503, 504 and other transient 5xx. */
    SERVER_ERROR(true),
    /** The attempt ran past its time-out (or the server answered 408). */
    TIMEOUT(true),
    /** Refused, reset or dropped connection. */
    CONNECTION(true),
    /** A body that is not the JSON of a chat completion: malformed, truncated, or the wrong shape. */
    MALFORMED_RESPONSE(true),
    /** 400, 422 and other 4xx: the request itself is wrong, and sending it again gives the same answer. */
    BAD_REQUEST(false),
    /** 401, 403: the key is missing, wrong or not allowed. */
    AUTH(false),
    /** 404: wrong base URL or model. */
    NOT_FOUND(false);

    private final boolean retriable;

    FailureKind(boolean retriable) {
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
