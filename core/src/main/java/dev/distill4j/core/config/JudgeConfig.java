package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 */
public record JudgeConfig(Path rubric, List<EndpointConfig> endpoints, double temperature, int maxTokens, Long seed, Double budgetUsd,
        int attempts) {
    public JudgeConfig {
        Fields.required("rubric", rubric, "the path of a rubric file (YAML)");
        // The teacher section's rules (distinct names, endpoint-<index> for unnamed ones) hold here too.
        endpoints = new TeacherConfig(endpoints, null, null).endpoints();
        Fields.between("temperature", temperature, 0, 2);
        Fields.atLeast("max_tokens", maxTokens, 1);
        Fields.positiveOrNull("budget_usd", budgetUsd);
        Fields.between("attempts", attempts, 1, 10);
    }

    @JsonCreator
    public static JudgeConfig of(@JsonProperty("rubric") Path rubric, @JsonProperty("endpoints") List<EndpointConfig> endpoints,
            @JsonProperty("temperature") Double temperature, @JsonProperty("max_tokens") Integer maxTokens,
            @JsonProperty("seed") Long seed, @JsonProperty("budget_usd") Double budgetUsd, @JsonProperty("attempts") Integer attempts) {
        return new JudgeConfig(rubric, endpoints, temperature == null ? 0.0 : temperature, maxTokens == null ? 512 : maxTokens, seed,
                budgetUsd, attempts == null ? 3 : attempts);
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
                temperature, maxTokens, seed, budgetUsd, attempts);
    }
}
