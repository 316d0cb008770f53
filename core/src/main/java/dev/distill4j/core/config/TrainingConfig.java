package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The {@code training:} section: how the student learns.
 *
 * @param mode         the training method (default sft)
 * @param epochs       passes over the curated examples (default 1, >= 1)
 * @param maxSteps     a cap on optimizer steps, or null for none
 * @param batchSize    examples per micro-batch (default 32, >= 1)
 * @param gradAccum    micro-batches per optimizer step (default 1, >= 1)
 * @param learningRate peak learning rate (default 1e-3, > 0)
 * @param warmupRatio  share of the steps spent warming the learning rate up (default 0.05, in [0, 1))
 * @param weightDecay  AdamW weight decay (default 0, >= 0)
 * @param maxGradNorm  gradient clipping norm (default 1, > 0)
 * @param evalEvery    optimizer steps between evaluations (default 100, >= 1)
 * @param seed         the seed of shuffling and initialisation; null means the run's seed, which a
 *                     {@link PipelineConfig} fills in
 * @param policy       the rounds of the modes that learn from the student's own samples (onpolicy, grpo, rft), or null
 *                     for their defaults ({@link #policyOrDefault()}); absent from a config that has none, so that
 *                     existing configs keep their hash
 */
@JsonDeserialize(builder = TrainingConfig.Builder.class)
public record TrainingConfig(
        TrainingMode mode,
        int epochs,
        Integer maxSteps,
        int batchSize,
        int gradAccum,
        double learningRate,
        double warmupRatio,
        double weightDecay,
        double maxGradNorm,
        int evalEvery,
        Long seed,
        @JsonInclude(JsonInclude.Include.NON_NULL) PolicyConfig policy) {
    public TrainingConfig {
        Fields.required("mode", mode, "one of sft, kd, onpolicy, grpo, rft");
        Fields.atLeast("epochs", epochs, 1);
        Fields.atLeastOrNull("max_steps", maxSteps, 1);
        Fields.atLeast("batch_size", batchSize, 1);
        Fields.atLeast("grad_accum", gradAccum, 1);
        Fields.positive("learning_rate", learningRate);
        Fields.between("warmup_ratio", warmupRatio, 0, false, 1, true);
        Fields.nonNegative("weight_decay", weightDecay);
        Fields.positive("max_grad_norm", maxGradNorm);
        Fields.atLeast("eval_every", evalEvery, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().mode(mode).epochs(epochs).maxSteps(maxSteps).batchSize(batchSize).gradAccum(gradAccum)
                .learningRate(learningRate).warmupRatio(warmupRatio).weightDecay(weightDecay).maxGradNorm(maxGradNorm)
                .evalEvery(evalEvery).seed(seed).policy(policy);
    }

    /** The policy section, or its defaults. */
    public PolicyConfig policyOrDefault() {
        return policy != null ? policy : PolicyConfig.builder().build();
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private TrainingMode mode = TrainingMode.SFT;
        private int epochs = 1;
        private Integer maxSteps;
        private int batchSize = 32;
        private int gradAccum = 1;
        private double learningRate = 1e-3;
        private double warmupRatio = 0.05;
        private double weightDecay = 0.0;
        private double maxGradNorm = 1.0;
        private int evalEvery = 100;
        private Long seed;
        private PolicyConfig policy;

        public Builder policy(PolicyConfig policy) {
            this.policy = policy;
            return this;
        }

        public Builder mode(TrainingMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder maxSteps(Integer maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder gradAccum(int gradAccum) {
            this.gradAccum = gradAccum;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder warmupRatio(double warmupRatio) {
            this.warmupRatio = warmupRatio;
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder maxGradNorm(double maxGradNorm) {
            this.maxGradNorm = maxGradNorm;
            return this;
        }

        public Builder evalEvery(int evalEvery) {
            this.evalEvery = evalEvery;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(mode, epochs, maxSteps, batchSize, gradAccum, learningRate, warmupRatio, weightDecay,
                    maxGradNorm, evalEvery, seed, policy);
        }
    }
}
