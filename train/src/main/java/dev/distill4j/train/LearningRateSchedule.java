package dev.distill4j.train;

/**
 * Linear warm-up to the peak rate, then cosine decay to {@code minRatio × peak} at the last step: the schedule
 * of most LLM recipes (warm-up keeps early Adam steps, whose second moments are still poor, small).
 */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps, double minRatio) {
    public LearningRateSchedule {
        if (!(peak > 0)) {
            throw new IllegalArgumentException("field 'learning_rate': expected a number > 0, got " + peak);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("expected 0 <= warm-up steps <= total steps and total >= 1, got warm-up " + warmupSteps
                    + " of " + totalSteps);
        }
        if (!(minRatio >= 0 && minRatio <= 1)) {
            throw new IllegalArgumentException("expected a final learning-rate ratio in [0, 1], got " + minRatio);
        }
    }

    /** The learning rate of 1-based step {@code step}. */
    public double at(long step) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
