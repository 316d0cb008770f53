package dev.distill4j.client;

/**
 * One protocol for one attempt: sends a call to an endpoint once and maps the answer. Everything shared
 * (limits, retries, breakers, fail-over) lives in {@link TeacherClient}; an implementation adds only what differs.
 */
public interface ChatWire extends AutoCloseable {
    /**
     * @return the result, with {@code attempts} 1
     * @throws TeacherException classified by {@link FailureClassifier}
     */
    TeacherResult send(TeacherEndpoint endpoint, ChatCall call);

    /** How many HTTP requests {@link #send} will make for {@code call}, as far as the wire knows now; for rate limits. */
    default int requestsFor(TeacherEndpoint endpoint, ChatCall call) {
        return 1;
    }

    @Override
    void close();
}
