package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The {@code teacher.strategy:} section: how many samples each task gets.
 *
 * @param kind         fixed (default), until_verified or difficulty
 * @param samples      fixed: samples per task; difficulty: samples every task gets first to estimate its pass rate
 *                     (>= 1); null: {@code teacher.sampling.n} (for difficulty, capped at {@code give_up_after})
 * @param verified     until_verified, difficulty: passing samples wanted per task (default 1, >= 1)
 * @param maxSamples   until_verified, difficulty: the most samples per task (default 16, >= verified)
 * @param giveUpAfter  difficulty: no more samples for a task after this many with no pass (default 8, >= 1;
 *                     with kind difficulty also <= max_samples)
 */
@JsonDeserialize(builder = StrategyConfig.Builder.class)
public record StrategyConfig(StrategyKind kind, Integer samples, int verified, int maxSamples, int giveUpAfter) {
    public StrategyConfig {
        Fields.required("kind", kind, "one of fixed, until_verified, difficulty");
        Fields.atLeastOrNull("samples", samples, 1);
        Fields.atLeast("verified", verified, 1);
        // A cap below the passes wanted could never be met: every task would end short.
        Fields.atLeast("max_samples", maxSamples, verified);
        Fields.atLeast("give_up_after", giveUpAfter, 1);
        // Only difficulty reads give_up_after; the other kinds keep its default whatever max_samples says.
        if (kind == StrategyKind.DIFFICULTY) {
            Fields.between("give_up_after", giveUpAfter, 1, maxSamples);
            if (samples != null && samples > giveUpAfter) {
                throw new InvalidFieldException("samples", "expected an integer <= give_up_after (" + giveUpAfter
                        + ") with kind difficulty, got " + samples);
            }
        }
    }

    /** The strategy used when a config has no {@code strategy:} section: {@code sampling.n} per task. */
    public static StrategyConfig fixed() {
        return builder().build();
    }

    /** The samples a fixed strategy asks for, or difficulty's first round, given the section's sampling {@code n}. */
    public int samplesGiven(int samplingN) {
        if (samples != null) {
            return samples;
        }
        return kind == StrategyKind.DIFFICULTY ? Math.min(samplingN, giveUpAfter) : samplingN;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().kind(kind).samples(samples).verified(verified).maxSamples(maxSamples).giveUpAfter(giveUpAfter);
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private StrategyKind kind = StrategyKind.FIXED;
        private Integer samples;
        private int verified = 1;
        private int maxSamples = 16;
        private int giveUpAfter = 8;

        public Builder kind(StrategyKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder samples(Integer samples) {
            this.samples = samples;
            return this;
        }

        public Builder verified(int verified) {
            this.verified = verified;
            return this;
        }

        public Builder maxSamples(int maxSamples) {
            this.maxSamples = maxSamples;
            return this;
        }

        public Builder giveUpAfter(int giveUpAfter) {
            this.giveUpAfter = giveUpAfter;
            return this;
        }

        public StrategyConfig build() {
            return new StrategyConfig(kind, samples, verified, maxSamples, giveUpAfter);
        }
    }
}
