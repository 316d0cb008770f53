package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code judge:} section: an LLM judge that scores the run's samples against a rubric, asked through the same
 * client as the teacher (limits, retries, breaker, prices and a budget of its own).
 *
 * @param rubric      the rubric file (YAML, see {@link RubricLoader}); relative to the config's folder
 * @param endpoints   the judge's endpoints, as {@code teacher.endpoints} (API keys from api_key_env or api_key_file only)
 * @param temperature its sampling temperature (default 0: a judge should say the same thing twice)
 * @param maxTokens   the longest judgment (default 512)
 * @param seed        a seed sent to the judge where it honours one, or null
 * @param budgetUsd   the most the judge may cost over the run's life, or null for no limit
 * @param attempts    how many times one sample is put to the judge while its answers do not parse or break the rubric
 *                    (default 3, 1..10); each attempt is its own request, so a rerun replays stored attempts for free
 * @param deadlineSeconds how long one judge request may take, its retries after 429s, 5xx and time-outs included
 *                    (default 120, > 0); past it the sample is left unjudged rather than holding the run
 * @param jsonMode    whether to send {@code response_format: {"type": "json_object"}} (default false): OpenAI, vLLM and
 *                    SGLang then constrain the judge to valid JSON; servers without it may refuse the field
 */
@JsonDeserialize(builder = JudgeConfig.Builder.class)
public record JudgeConfig(Path rubric, List<EndpointConfig> endpoints, double temperature, int maxTokens, Long seed, Double budgetUsd,
        int attempts, double deadlineSeconds, boolean jsonMode) {
    public JudgeConfig {
        Fields.required("rubric", rubric, "the path of a rubric file (YAML)");
        // The teacher section's rules (distinct names, endpoint-<index> for unnamed ones) hold here too.
        endpoints = new TeacherConfig(endpoints, null, null).endpoints();
        Fields.between("temperature", temperature, 0, 2);
        Fields.atLeast("max_tokens", maxTokens, 1);
        Fields.positiveOrNull("budget_usd", budgetUsd);
        Fields.between("attempts", attempts, 1, 10);
        Fields.positive("deadline_seconds", deadlineSeconds);
    }

    /** How long one judge request may take over all its retries. */
    public java.time.Duration deadline() {
        return java.time.Duration.ofMillis(Math.round(deadlineSeconds * 1000));
    }

    /**
     * The judge as a teacher config: its endpoints, one completion per request at its temperature, its budget. The
     * client and the cost checks of the generate stage take it as it is.
     */
    public TeacherConfig asTeacher() {
        return new TeacherConfig(endpoints, SamplingConfig.builder().n(1).temperature(temperature).maxTokens(maxTokens).seed(seed).build(),
                budgetUsd);
    }

    JudgeConfig resolvedAgainst(Path base) {
        return new JudgeConfig(base.resolve(rubric).normalize(), endpoints.stream().map(endpoint -> endpoint.resolvedAgainst(base)).toList(),
                temperature, maxTokens, seed, budgetUsd, attempts, deadlineSeconds, jsonMode);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private Path rubric;
        private List<EndpointConfig> endpoints;
        private double temperature = 0.0;
        private int maxTokens = 512;
        private Long seed;
        private Double budgetUsd;
        private int attempts = 3;
        private double deadlineSeconds = 120;
        private boolean jsonMode;

        public Builder rubric(Path rubric) {
            this.rubric = rubric;
            return this;
        }

        public Builder endpoints(List<EndpointConfig> endpoints) {
            this.endpoints = endpoints;
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

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder budgetUsd(Double budgetUsd) {
            this.budgetUsd = budgetUsd;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder deadlineSeconds(double deadlineSeconds) {
            this.deadlineSeconds = deadlineSeconds;
            return this;
        }

        public Builder jsonMode(boolean jsonMode) {
            this.jsonMode = jsonMode;
            return this;
        }

        public JudgeConfig build() {
            return new JudgeConfig(rubric, endpoints, temperature, maxTokens, seed, budgetUsd, attempts, deadlineSeconds, jsonMode);
        }
    }
}
