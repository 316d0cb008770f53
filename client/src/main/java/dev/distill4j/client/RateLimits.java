package dev.distill4j.client;

/** An endpoint's requests-per-minute and tokens-per-minute buckets; either may be absent. */
final class RateLimits {
    private final TokenBucket requests;
    private final TokenBucket tokens;

    RateLimits(TeacherEndpoint endpoint, Ticker ticker, Sleeper sleeper) {
        this.requests = endpoint.requestsPerMinute() == null ? null
                : TokenBucket.perMinute("requests", endpoint.requestsPerMinute(), ticker, sleeper);
        this.tokens = endpoint.tokensPerMinute() == null ? null
                : TokenBucket.perMinute("tokens", endpoint.tokensPerMinute(), ticker, sleeper);
    }

    /** Waits until {@code call}, sent as {@code requestCount} HTTP requests, fits both limits. */
    void acquire(ChatCall call, int requestCount) throws InterruptedException {
        if (tokens != null) {
            tokens.acquire(call.estimatedTokens(requestCount));
        }
        if (requests != null) {
            requests.acquire(requestCount);
        }
    }
}
