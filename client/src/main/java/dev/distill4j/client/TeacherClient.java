package dev.distill4j.client;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Runs teacher calls the way a long distillation run needs: at most {@code maxConcurrency} in flight, within each
 * endpoint's rate limits, retrying what {@link FailureClassifier} calls retriable with backoff until the call's
 * deadline, feeding each endpoint's circuit breaker and failing over to another endpoint. It blocks the calling
 * thread and holds no lock while it waits, so thousands of callers on virtual threads are the intended use.
 */
public final class TeacherClient implements AutoCloseable {
    private final EndpointPool pool;
    private final Map<String, RateLimits> limits = new LinkedHashMap<>();
    private final ChatWire wire;
    private final Backoff backoff;
    private final Semaphore inFlight;
    private final long deadlineNanos;
    private final Ticker ticker;
    private final Sleeper sleeper;

    private TeacherClient(Builder b) {
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
        this.pool = new EndpointPool(b.endpoints, b.breakerThreshold, b.breakerCoolDown, b.ticker, b.seed);
        for (TeacherEndpoint endpoint : pool.endpoints()) {
            limits.put(endpoint.name(), new RateLimits(endpoint, b.ticker, b.sleeper));
        }
        this.wire = b.wire != null ? b.wire : new OpenAiChatWire(new FailureClassifier(b.wallClock), b.environment, b.maxConcurrency);
        // Seeded apart from the pool so that adding an endpoint does not change the backoff sequence.
        this.backoff = new Backoff(b.backoffBase, b.backoffCap, b.seed ^ 0x9E3779B97F4A7C15L);
        this.inFlight = new Semaphore(b.maxConcurrency, true);
        this.deadlineNanos = b.requestDeadline.toNanos();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code call} until it succeeds, fails for good, or its deadline passes.
     *
     * @throws NonRetriableTeacherException at once, when the server refused the request itself
     * @throws RetriableTeacherException    the last failure, when the deadline left no time for another attempt
     */
    public TeacherResult call(ChatCall call) throws InterruptedException {
        inFlight.acquire();
        try {
            return attemptUntilDeadline(call);
        } finally {
            inFlight.release();
        }
    }

    /** The breaker of an endpoint, to watch it. */
    public CircuitBreaker breaker(String endpoint) {
        return pool.breaker(endpoint);
    }

    @Override
    public void close() {
        wire.close();
    }

    private TeacherResult attemptUntilDeadline(ChatCall call) throws InterruptedException {
        long deadline = ticker.nanoTime() + deadlineNanos;
        RetriableTeacherException last = null;
        String lastFailed = null;
        for (int attempt = 1; ; attempt++) {
            Optional<TeacherEndpoint> chosen = pool.choose(lastFailed);
            if (chosen.isEmpty()) {
                Duration wait = pool.untilAvailable();
                waitOrGiveUp(wait, deadline, last, "no endpoint takes requests (circuit breakers open or a Retry-After pending)");
                attempt--;
                continue;
            }
            TeacherEndpoint endpoint = chosen.get();
            CircuitBreaker breaker = pool.breaker(endpoint.name());
            try {
                limits.get(endpoint.name()).acquire(call, wire.requestsFor(endpoint, call));
                TeacherResult result = wire.send(endpoint, call);
                breaker.onSuccess();
                return result.withAttempts(attempt);
            } catch (NonRetriableTeacherException e) {
                // A bad request says nothing about the endpoint's health; a bad key or URL does.
                if (e.kind() == FailureKind.BAD_REQUEST) {
                    breaker.onSuccess();
                } else {
                    breaker.onFailure();
                }
                throw e;
            } catch (RetriableTeacherException e) {
                breaker.onFailure();
                last = e;
                lastFailed = endpoint.name();
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted during a teacher call to " + endpoint.name());
                }
                e.retryAfter().ifPresent(wait -> pool.holdOff(endpoint.name(), wait));
                // The server's wait binds only when no other endpoint can take the retry.
                Optional<Duration> asked = pool.hasAlternativeTo(endpoint.name()) ? Optional.empty() : e.retryAfter();
                waitOrGiveUp(backoff.delay(attempt, asked), deadline, e, null);
            } catch (InterruptedException | RuntimeException e) {
                breaker.release();
                throw e;
            }
        }
    }

    private void waitOrGiveUp(Duration wait, long deadline, RetriableTeacherException last, String why)
            throws InterruptedException {
        if (ticker.nanoTime() + wait.toNanos() >= deadline) {
            if (last != null) {
                throw last;
            }
            throw new RetriableTeacherException(FailureKind.CONNECTION, "pool", 0, wait, why + " past the call's deadline", null);
        }
        sleeper.sleep(wait);
    }

    /**
     * Defaults: 64 in flight, a 10-minute deadline per call, backoff from 0.5 s capped at 30 s, a breaker that opens
     * after 5 consecutive failures for 30 s, seed 0, the system clocks; {@link #build()} validates.
     */
    public static final class Builder {
        private List<TeacherEndpoint> endpoints = List.of();
        private ChatWire wire;
        private int maxConcurrency = 64;
        private Duration requestDeadline = Duration.ofMinutes(10);
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffCap = Duration.ofSeconds(30);
        private int breakerThreshold = 5;
        private Duration breakerCoolDown = Duration.ofSeconds(30);
        private long seed;
        private Ticker ticker = Ticker.SYSTEM;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private InstantSource wallClock = InstantSource.system();
        private java.util.function.UnaryOperator<String> environment = System::getenv;

        public Builder endpoints(List<TeacherEndpoint> endpoints) {
            this.endpoints = endpoints;
            return this;
        }

        public Builder endpoint(TeacherEndpoint endpoint) {
            this.endpoints = new java.util.ArrayList<>(endpoints);
            this.endpoints.add(endpoint);
            return this;
        }

        /** Another protocol than the OpenAI SDK's; the client closes it. */
        public Builder wire(ChatWire wire) {
            this.wire = wire;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder requestDeadline(Duration requestDeadline) {
            this.requestDeadline = requestDeadline;
            return this;
        }

        public Builder backoff(Duration base, Duration cap) {
            this.backoffBase = base;
            this.backoffCap = cap;
            return this;
        }

        public Builder breaker(int failureThreshold, Duration coolDown) {
            this.breakerThreshold = failureThreshold;
            this.breakerCoolDown = coolDown;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The monotonic clock for deadlines, limits and breakers, and what waits on it. */
        public Builder clock(Ticker ticker, Sleeper sleeper) {
            this.ticker = ticker;
            this.sleeper = sleeper;
            return this;
        }

        /** The wall clock, against which a Retry-After HTTP-date is read. */
        public Builder wallClock(InstantSource wallClock) {
            this.wallClock = wallClock;
            return this;
        }

        /** Where API key variables are looked up (default: the process environment). */
        public Builder environment(java.util.function.UnaryOperator<String> environment) {
            this.environment = environment;
            return this;
        }

        public TeacherClient build() {
            if (endpoints == null || endpoints.isEmpty()) {
                throw new IllegalArgumentException("field 'endpoints': expected one or more endpoints, got none");
            }
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("field 'max_concurrency': expected a number >= 1, got " + maxConcurrency);
            }
            if (requestDeadline == null || !requestDeadline.isPositive()) {
                throw new IllegalArgumentException("field 'request_deadline': expected a positive duration, got " + requestDeadline);
            }
            if (ticker == null || sleeper == null || wallClock == null || environment == null) {
                throw new IllegalArgumentException("field 'clock': expected a ticker, a sleeper, a wall clock and an environment");
            }
            return new TeacherClient(this);
        }
    }
}
