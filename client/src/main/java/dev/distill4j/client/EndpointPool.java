package dev.distill4j.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Chooses which endpoint serves the next attempt: at random in proportion to the weights, among the endpoints whose
 * circuit breaker lets a request through and that are not waiting out a server's Retry-After, preferring one other
 * than the endpoint that just failed (fail-over). A Retry-After holds back only the endpoint that sent it, so one
 * rate-limited provider does not stall calls that another could serve.
 */
public final class EndpointPool {
    private final List<TeacherEndpoint> endpoints;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, Long> heldUntil = new LinkedHashMap<>();
    private final Ticker ticker;
    private final SplittableRandom random;

    public EndpointPool(List<TeacherEndpoint> endpoints, int failureThreshold, Duration coolDown, Ticker ticker, long seed) {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("field 'endpoints': expected one or more endpoints, got none");
        }
        this.endpoints = List.copyOf(endpoints);
        var names = new HashSet<String>();
        for (TeacherEndpoint endpoint : this.endpoints) {
            if (!names.add(endpoint.name())) {
                throw new IllegalArgumentException("field 'endpoints': expected distinct names, got '" + endpoint.name() + "' twice");
            }
            breakers.put(endpoint.name(), new CircuitBreaker(failureThreshold, coolDown, ticker));
        }
        this.ticker = ticker;
        this.random = new SplittableRandom(seed);
    }

    /**
     * An endpoint to send to, its breaker already asked; empty when every breaker is open.
     *
     * @param avoid the endpoint that just failed, or null; chosen only when no other is available
     */
    public synchronized Optional<TeacherEndpoint> choose(String avoid) {
        List<TeacherEndpoint> open = new ArrayList<>();
        for (TeacherEndpoint endpoint : endpoints) {
            if (breakers.get(endpoint.name()).available() && untilReleased(endpoint.name()) == 0) {
                open.add(endpoint);
            }
        }
        if (open.size() > 1 && avoid != null) {
            open.removeIf(endpoint -> endpoint.name().equals(avoid));
        }
        if (open.isEmpty()) {
            return Optional.empty();
        }
        TeacherEndpoint chosen = weighted(open);
        breakers.get(chosen.name()).tryAcquire();
        return Optional.of(chosen);
    }

    public CircuitBreaker breaker(String endpoint) {
        CircuitBreaker breaker = breakers.get(endpoint);
        if (breaker == null) {
            throw new IllegalArgumentException("no endpoint named '" + endpoint + "' in the pool " + breakers.keySet());
        }
        return breaker;
    }

    /** Keeps {@code endpoint} out of the choice for {@code wait}, as its server asked. */
    public synchronized void holdOff(String endpoint, Duration wait) {
        breaker(endpoint);
        long until = ticker.nanoTime() + wait.toNanos();
        heldUntil.merge(endpoint, until, Math::max);
    }

    /** Whether an endpoint other than {@code endpoint} could take a request now. */
    public synchronized boolean hasAlternativeTo(String endpoint) {
        return endpoints.stream().anyMatch(other -> !other.name().equals(endpoint)
                && breakers.get(other.name()).available() && untilReleased(other.name()) == 0);
    }

    /** How long until some endpoint takes requests again; zero when one does now. */
    public synchronized Duration untilAvailable() {
        return Duration.ofNanos(endpoints.stream()
                .mapToLong(endpoint -> Math.max(breakers.get(endpoint.name()).untilAvailable().toNanos(), untilReleased(endpoint.name())))
                .min().orElseThrow());
    }

    private long untilReleased(String endpoint) {
        Long until = heldUntil.get(endpoint);
        return until == null ? 0 : Math.max(0, until - ticker.nanoTime());
    }

    public List<TeacherEndpoint> endpoints() {
        return endpoints;
    }

    private TeacherEndpoint weighted(List<TeacherEndpoint> candidates) {
        double total = candidates.stream().mapToDouble(TeacherEndpoint::weight).sum();
        double point = random.nextDouble() * total;
        for (TeacherEndpoint endpoint : candidates) {
            point -= endpoint.weight();
            if (point < 0) {
                return endpoint;
            }
        }
        return candidates.getLast();
    }
}
