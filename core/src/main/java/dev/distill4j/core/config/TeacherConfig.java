package dev.distill4j.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code teacher:} section: the endpoints the teacher is asked through, how it samples, the budget, and whether
 * requests go as provider batches.
 *
 * @param endpoints one or more endpoints with distinct names; unnamed ones become {@code endpoint-<index>}
 * @param sampling  the sampling parameters (defaults: see {@link SamplingConfig})
 * @param budgetUsd the most the run may spend on the teacher, or null for no limit
 * @param strategy  how many samples each task gets (default: fixed, {@code sampling.n} per task)
 * @param batch     whether and how requests go as a provider batch (default: off, live calls)
 */
public record TeacherConfig(List<EndpointConfig> endpoints, SamplingConfig sampling, Double budgetUsd, StrategyConfig strategy,
        BatchConfig batch) {
    public TeacherConfig {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new InvalidFieldException("endpoints", "expected one or more endpoints, each with a base_url and a model, got "
                    + (endpoints == null ? "nothing" : "an empty list"));
        }
        endpoints = named(endpoints);
        sampling = sampling == null ? SamplingConfig.builder().build() : sampling;
        Fields.positiveOrNull("budget_usd", budgetUsd);
        strategy = strategy == null ? StrategyConfig.fixed() : strategy;
        batch = batch == null ? BatchConfig.disabled() : batch;
        String batchEndpoint = batch.endpoint();
        if (batchEndpoint != null && endpoints.stream().noneMatch(endpoint -> endpoint.name().equals(batchEndpoint))) {
            throw new InvalidFieldException("batch.endpoint", "expected the name of one of teacher.endpoints ("
                    + String.join(", ", endpoints.stream().map(EndpointConfig::name).toList()) + "), got '" + batchEndpoint + "'");
        }
    }

    /** A teacher with the default strategy: {@code sampling.n} samples per task, live calls. */
    public TeacherConfig(List<EndpointConfig> endpoints, SamplingConfig sampling, Double budgetUsd) {
        this(endpoints, sampling, budgetUsd, null, null);
    }

    /** A teacher that makes live calls. */
    public TeacherConfig(List<EndpointConfig> endpoints, SamplingConfig sampling, Double budgetUsd, StrategyConfig strategy) {
        this(endpoints, sampling, budgetUsd, strategy, null);
    }

    /** The same teacher with another batch section (for {@code --batch}). */
    public TeacherConfig withBatch(BatchConfig newBatch) {
        return new TeacherConfig(endpoints, sampling, budgetUsd, strategy, newBatch);
    }

    /** The endpoint batches go to: the one {@code batch.endpoint} names, else the first. */
    public EndpointConfig batchEndpoint() {
        return batch.endpoint() == null ? endpoints.get(0)
                : endpoints.stream().filter(endpoint -> endpoint.name().equals(batch.endpoint())).findFirst().orElseThrow();
    }

    TeacherConfig resolvedAgainst(Path base) {
        return new TeacherConfig(endpoints.stream().map(endpoint -> endpoint.resolvedAgainst(base)).toList(), sampling, budgetUsd, strategy,
                batch);
    }

    private static List<EndpointConfig> named(List<EndpointConfig> endpoints) {
        List<EndpointConfig> named = new ArrayList<>(endpoints.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            EndpointConfig endpoint = endpoints.get(i);
            if (endpoint == null) {
                throw new InvalidFieldException("endpoints[" + i + "]", "expected an endpoint with a base_url and a model, got nothing");
            }
            if (endpoint.name() == null) {
                endpoint = endpoint.toBuilder().name("endpoint-" + i).build();
            }
            // Rows and logs name endpoints; two with one name could not be told apart.
            if (!seen.add(endpoint.name())) {
                throw new InvalidFieldException("endpoints[" + i + "].name", "expected a name no other endpoint has, got '"
                        + endpoint.name() + "' a second time");
            }
            named.add(endpoint);
        }
        return List.copyOf(named);
    }
}
