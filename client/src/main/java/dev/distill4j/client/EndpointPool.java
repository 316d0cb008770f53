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
 * circuit breaker lets a request through, preferring one other than the endpoint that just failed (fail-over).
 */
public final class EndpointPool {
    private final List<TeacherEndpoint> endpoints;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
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
            if (breakers.get(endpoint.name()).available()) {
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

    /** How long until some endpoint takes requests again; zero when one does now. */
    public synchronized Duration untilAvailable() {
        return breakers.values().stream().map(CircuitBreaker::untilAvailable).min(Duration::compareTo).orElseThrow();
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
