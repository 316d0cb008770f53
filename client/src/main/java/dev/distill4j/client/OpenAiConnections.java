package dev.distill4j.client;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Opens the official SDK's client for one endpoint, the same way for every wire (chat, batch, scoring): the key read
 * from its source, the SDK's own retries off, time-outs from the endpoint.
 */
public final class OpenAiConnections {
    private OpenAiConnections() {}

    /**
     * The endpoint's API key, or null when it takes none.
     *
     * @throws NonRetriableTeacherException when the key's variable or file is empty or missing: bad configuration, which
     *                                      no retry can fix; the message names where the key was looked for, never a key
     */
    public static String resolveKey(TeacherEndpoint endpoint, UnaryOperator<String> environment) {
        try {
            return endpoint.apiKey() == null ? null : endpoint.apiKey().resolve(environment);
        } catch (IllegalStateException e) {
            throw new NonRetriableTeacherException(FailureKind.AUTH, endpoint.name(), 0, endpoint.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client with the SDK's retries off: the caller owns retrying, and two layers retrying multiply each other's
     * attempts.
     *
     * @param key             the endpoint's key, or null for a server that wants none
     * @param idleConnections connections kept open between requests: the caller's concurrency, so that every request in
     *                        flight finds its connection again for the next one
     */
    public static OpenAIClient open(TeacherEndpoint endpoint, String key, int idleConnections) {
        if (idleConnections < 1) {
            throw new IllegalArgumentException("field 'idle_connections': expected a number >= 1, got " + idleConnections);
        }
        Duration timeout = endpoint.timeout();
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        return OpenAIOkHttpClient.builder()
                .baseUrl(endpoint.baseUrl().toString())
                // Local servers take no key; the SDK insists on one, and they ignore what it sends.
                .apiKey(key == null ? "none" : key)
                .maxRetries(0)
                // The SDK's blocking calls go through OkHttp's Call.execute(), which the Dispatcher only counts:
                // its maxRequests (64) and maxRequestsPerHost (the SDK sets it to maxRequests) cap enqueue()d
                // async calls alone, so they do not bound our virtual threads and are left as they are. The
                // ConnectionPool does bound us: OkHttp keeps 5 idle connections by default and closes the rest,
                // so at 1,000 in flight every request after the first wave would open a new socket and the
                // loopback's ephemeral ports fill with TIME_WAIT. Keep as many idle as can be in flight.
                .maxIdleConnections(idleConnections)
                .keepAliveDuration(Duration.ofMinutes(5))
                .timeout(Timeout.builder().connect(connect).read(timeout).write(timeout).request(timeout).build())
                .build();
    }
}
