package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.List;

/**
 * How the teacher samples: the parameters sent with every request.
 *
 * @param n           completions per task (default 4, 1..1024); RL-style mining uses groups of 8 to 64
 * @param temperature sampling temperature (default 1, in [0, 2])
 * @param topP        nucleus sampling mass (default 1, in (0, 1])
 * @param maxTokens   completion length limit (default 512, >= 1)
 * @param stop        stop sequences (default none)
 * @param seed        the seed sent to the server, or null to send none
 * @param logprobs    whether to ask for token logprobs (default false); knowledge distillation needs them
 * @param topLogprobs alternatives per token (default 0, 0..20); more than 0 requires {@code logprobs}
 */
@JsonDeserialize(builder = SamplingConfig.Builder.class)
public record SamplingConfig(
        int n, double temperature, double topP, int maxTokens, List<String> stop, Long seed, boolean logprobs, int topLogprobs) {
    public SamplingConfig {
        Fields.between("n", n, 1, 1024);
        Fields.between("temperature", temperature, 0, 2);
        Fields.between("top_p", topP, 0, true, 1, false);
        Fields.atLeast("max_tokens", maxTokens, 1);
        stop = stop == null ? List.of() : stop;
        for (int i = 0; i < stop.size(); i++) {
            if (stop.get(i) == null || stop.get(i).isEmpty()) {
                throw new InvalidFieldException("stop[" + i + "]", "expected a non-empty stop sequence, got nothing");
            }
        }
        stop = List.copyOf(stop);
        Fields.between("top_logprobs", topLogprobs, 0, 20);
        if (topLogprobs > 0 && !logprobs) {
            throw new InvalidFieldException("top_logprobs", "expected 0 unless 'logprobs' is true, got " + topLogprobs);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().n(n).temperature(temperature).topP(topP).maxTokens(maxTokens).stop(stop).seed(seed)
                .logprobs(logprobs).topLogprobs(topLogprobs);
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int n = 4;
        private double temperature = 1.0;
        private double topP = 1.0;
        private int maxTokens = 512;
        private List<String> stop = List.of();
        private Long seed;
        private boolean logprobs;
        private int topLogprobs;

        public Builder n(int n) {
            this.n = n;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder stop(List<String> stop) {
            this.stop = stop;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder logprobs(boolean logprobs) {
            this.logprobs = logprobs;
            return this;
        }

        public Builder topLogprobs(int topLogprobs) {
            this.topLogprobs = topLogprobs;
            return this;
        }

        public SamplingConfig build() {
            return new SamplingConfig(n, temperature, topP, maxTokens, stop, seed, logprobs, topLogprobs);
        }
    }
}
