package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The integer scale a judge scores each criterion on, both ends included: {@code 1..5}, {@code 0..10}.
 *
 * @param min the lowest score (default 1)
 * @param max the highest score (default 5), above {@code min} and at most 100 steps from it
 */
@JsonDeserialize(builder = RubricScale.Builder.class)
public record RubricScale(int min, int max) {
    /** The Likert-style 1 to 5 most published judge rubrics (MT-Bench, G-Eval) use. */
    public static final RubricScale ONE_TO_FIVE = new RubricScale(1, 5);

    public RubricScale {
        if (max <= min) {
            throw new InvalidFieldException("max", "expected an integer above min (" + min + "), got " + max);
        }
        // A judge cannot tell 1000 steps apart, and a prompt listing them would say nothing.
        if ((long) max - min > 100) {
            throw new InvalidFieldException("max", "expected at most 100 steps above min (" + min + "), got " + max);
        }
    }

    /** Builds from YAML key by key, so an unknown key is reported before a missing one; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int min = 1;
        private int max = 5;

        public Builder min(int min) {
            this.min = min;
            return this;
        }

        public Builder max(int max) {
            this.max = max;
            return this;
        }

        public RubricScale build() {
            return new RubricScale(min, max);
        }
    }

    public boolean contains(long score) {
        return score >= min && score <= max;
    }

    /** A score mapped to [0, 1]: {@code min} is 0, {@code max} is 1. */
    public double normalised(int score) {
        return (score - min) / (double) (max - min);
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
