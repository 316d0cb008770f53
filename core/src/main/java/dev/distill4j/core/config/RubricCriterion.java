package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One thing a judge scores: {@code correctness}, {@code clarity}, ...
 *
 * @param name        the key the judge answers the score under: letters, digits, '.', '_', '-'
 * @param description what the judge looks for, in a sentence or two
 * @param weight      its share of the overall score relative to the other criteria (default 1, > 0)
 */
public record RubricCriterion(String name, String description, double weight) {
    public RubricCriterion {
        Fields.name("name", name, "a criterion name such as 'correctness'");
        Fields.text("description", description, "what the judge looks for under this criterion");
        Fields.positive("weight", weight);
    }

    @JsonCreator
    public static RubricCriterion of(@JsonProperty("name") String name, @JsonProperty("description") String description,
            @JsonProperty("weight") Double weight) {
        return new RubricCriterion(name, description, weight == null ? 1.0 : weight);
    }
}
