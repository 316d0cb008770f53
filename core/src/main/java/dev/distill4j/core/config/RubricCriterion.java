package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * One thing a judge scores: {@code correctness}, {@code clarity}, ...
 *
 * @param name        the key the judge answers the score under: letters, digits, '.', '_', '-'
 * @param description what the judge looks for, in a sentence or two
 * @param weight      its share of the overall score relative to the other criteria (default 1, > 0)
 */
@JsonDeserialize(builder = RubricCriterion.Builder.class)
public record RubricCriterion(String name, String description, double weight) {
    public RubricCriterion {
        Fields.name("name", name, "a criterion name such as 'correctness'");
        Fields.text("description", description, "what the judge looks for under this criterion");
        Fields.positive("weight", weight);
    }

    /** Builds from YAML key by key, so an unknown key is reported before a missing one; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String name;
        private String description;
        private double weight = 1.0;

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder weight(double weight) {
            this.weight = weight;
            return this;
        }

        public RubricCriterion build() {
            return new RubricCriterion(name, description, weight);
        }
    }
}
