package dev.distill4j.core;

/**
 * One round of a mode in which the student learns from its own samples (on-policy distillation, GRPO, rejection
 * sampling), as the run store logs it.
 *
 * @param key                {@code model/mode/round}
 * @param model              the model being trained (its output folder's name)
 * @param mode               the training mode's config name
 * @param samples            answers the student sampled this round
 * @param meanReward         their mean verifier score
 * @param passRate           the share the verifier accepted
 * @param meanLength         their mean length in tokens
 * @param kl                 the mode's KL estimate (grpo: to the starting model; onpolicy: reverse KL to the teacher), or
 *                           null where none was measured
 * @param zeroVarianceGroups grpo: groups skipped because their rewards were all equal
 * @param trainedSequences   answers the round trained on
 * @param trainingTokens     tokens of those answers' sequences
 * @param teacherQueries     requests to the teacher this round
 * @param loss               the round's training loss, or null when it trained on nothing
 * @param noSignal           why the round trained on nothing, or null
 */
public record TrainingRound(String key, String model, String mode, int round, int samples, double meanReward, double passRate, double meanLength,
        Double kl, int zeroVarianceGroups, int trainedSequences, long trainingTokens, long teacherQueries, Double loss, String noSignal) {
    public TrainingRound {
        Records.requireText(key, "key");
        Records.requireText(model, "model");
        Records.requireText(mode, "mode");
        Records.requireNonNegative(round, "round");
        Records.requireNonNegative(samples, "samples");
    }

    public static String key(String model, String mode, int round) {
        return model + "/" + mode + "/" + round;
    }
}
