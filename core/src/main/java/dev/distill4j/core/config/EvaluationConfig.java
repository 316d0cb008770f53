package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code evaluation:} section: how the student is measured on the held-out tasks.
 *
 * @param n           evaluation tasks to score (default 500, >= 1)
 * @param k           the k of each pass@k to report (default [1], each >= 1, distinct)
 * @param temperature sampling temperature of the student (default 0, greedy; in [0, 2])
 * @param maxTokens   completion length limit (default 512, >= 1)
 */
@JsonDeserialize(builder = EvaluationConfig.Builder.class)
public record EvaluationConfig(int n, List<Integer> k, double temperature, int maxTokens) {
    public EvaluationConfig {
        Fields.atLeast("n", n, 1);
        if (k == null || k.isEmpty()) {
            throw new InvalidFieldException("k", "expected a list of one or more k for pass@k, such as [1, 8], got "
                    + (k == null ? "nothing" : "an empty list"));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < k.size(); i++) {
            Integer value = Fields.required("k[" + i + "]", k.get(i), "an integer >= 1");
            Fields.atLeast("k[" + i + "]", value, 1);
            if (!seen.add(value)) {
                throw new InvalidFieldException("k[" + i + "]", "expected distinct values, got " + value + " a second time");
            }
        }
        k = List.copyOf(k);
        Fields.between("temperature", temperature, 0, 2);
        Fields.atLeast("max_tokens", maxTokens, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int n = 500;
        private List<Integer> k = List.of(1);
        private double temperature = 0.0;
        private int maxTokens = 512;

        public Builder n(int n) {
            this.n = n;
            return this;
        }

        public Builder k(List<Integer> k) {
            this.k = k;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public EvaluationConfig build() {
            return new EvaluationConfig(n, k, temperature, maxTokens);
        }
    }
}
