package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The integer scale a judge scores each criterion on, both ends included: {@code 1..5}, {@code 0..10}.
 *
 * @param min the lowest score (default 1)
 * @param max the highest score (default 5), above {@code min} and at most 100 steps from it
 */
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

    @JsonCreator
    public static RubricScale of(@JsonProperty("min") Integer min, @JsonProperty("max") Integer max) {
        return new RubricScale(min == null ? 1 : min, max == null ? 5 : max);
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
