package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The {@code training.policy:} section: the rounds of the modes in which the student learns from its own samples
 * ({@code onpolicy}, {@code grpo}, {@code rft}). Each round the student answers {@code prompts_per_round} training
 * prompts {@code group_size} times, the answers get their signal (the teacher's per-token scores, the verifier's
 * rewards), and it takes {@code steps_per_round} optimizer steps on them.
 *
 * @param rounds          rounds to run (default 50)
 * @param promptsPerRound training prompts answered per round (default 32)
 * @param groupSize       answers per prompt (default: 8 for grpo, as common trainers use; 1 for onpolicy; 4 for rft)
 * @param stepsPerRound   optimizer steps per round (default 1: every step learns from the current policy's samples)
 * @param temperature     sampling temperature of the answers (default 1.0)
 * @param maxTokens       the longest answer (default 256)
 * @param beta            grpo: weight of the KL penalty to the starting model (default 0, as recent trainers default;
 *                        the KL is logged either way)
 * @param epsilonLow      grpo: lower clip of the ratio (default 0.2)
 * @param epsilonHigh     grpo: upper clip of the ratio (default 0.28, DAPO's clip-higher; 0.2 gives PPO's)
 * @param scaleByStd      grpo: divide advantages by the group's standard deviation (default true, as the paper)
 * @param learningRate    onpolicy, grpo: the constant learning rate (default 1e-4: a step on the model's own few samples
 *                        is noisy, and a larger one undoes what the model knew; rft uses training.learning_rate)
 */
@JsonDeserialize(builder = PolicyConfig.Builder.class)
public record PolicyConfig(int rounds, int promptsPerRound, Integer groupSize, int stepsPerRound, double temperature, int maxTokens, double beta,
        double epsilonLow, double epsilonHigh, boolean scaleByStd, double learningRate) {
    public PolicyConfig {
        Fields.atLeast("rounds", rounds, 1);
        Fields.atLeast("prompts_per_round", promptsPerRound, 1);
        Fields.atLeastOrNull("group_size", groupSize, 1);
        Fields.atLeast("steps_per_round", stepsPerRound, 1);
        Fields.between("temperature", temperature, 0, true, 2, false);
        Fields.atLeast("max_tokens", maxTokens, 1);
        Fields.nonNegative("beta", beta);
        Fields.between("epsilon_low", epsilonLow, 0, false, 1, true);
        Fields.nonNegative("epsilon_high", epsilonHigh);
        Fields.positive("learning_rate", learningRate);
    }

    /** The group size given, else the mode's default. */
    public int groupSizeFor(TrainingMode mode) {
        if (groupSize != null) {
            return groupSize;
        }
        return switch (mode) {
            case GRPO -> 8;
            case RFT -> 4;
            default -> 1;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int rounds = 50;
        private int promptsPerRound = 32;
        private Integer groupSize;
        private int stepsPerRound = 1;
        private double temperature = 1.0;
        private int maxTokens = 256;
        private double beta = 0.0;
        private double epsilonLow = 0.2;
        private double epsilonHigh = 0.28;
        private boolean scaleByStd = true;
        private double learningRate = 1e-4;

        public Builder rounds(int value) { rounds = value; return this; }
        public Builder promptsPerRound(int value) { promptsPerRound = value; return this; }
        public Builder groupSize(Integer value) { groupSize = value; return this; }
        public Builder stepsPerRound(int value) { stepsPerRound = value; return this; }
        public Builder temperature(double value) { temperature = value; return this; }
        public Builder maxTokens(int value) { maxTokens = value; return this; }
        public Builder beta(double value) { beta = value; return this; }
        public Builder epsilonLow(double value) { epsilonLow = value; return this; }
        public Builder epsilonHigh(double value) { epsilonHigh = value; return this; }
        public Builder scaleByStd(boolean value) { scaleByStd = value; return this; }
        public Builder learningRate(double value) { learningRate = value; return this; }

        public PolicyConfig build() {
            return new PolicyConfig(rounds, promptsPerRound, groupSize, stepsPerRound, temperature, maxTokens, beta, epsilonLow, epsilonHigh, scaleByStd, learningRate);
        }
    }
}
