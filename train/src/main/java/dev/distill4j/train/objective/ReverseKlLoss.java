package dev.distill4j.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * On-policy distillation: the student samples its own completions, the teacher scores each sampled token, and the
 * student is pushed towards the teacher on the states it actually visits, so it learns to recover from its own
 * mistakes instead of only imitating the teacher's flawless prefixes (Agarwal et al. 2024, "On-Policy Distillation of
 * Language Models: Learning from Self-Generated Mistakes", GKD; Lu and Thinking Machines Lab 2025, "On-Policy
 * Distillation"). The objective is the reverse KL, KL(student || teacher), which is mode-seeking: the student commits
 * to what the teacher would do rather than spreading over everything the teacher might do.
 *
 * <p>It needs only the teacher's logprob of each sampled token, so it works with any endpoint that scores a given
 * completion. Per masked token the advantage is A_t = teacherLogprob_t - studentLogprob_t, the negative per-token
 * reverse KL, held fixed (stop-gradient), and the loss is the policy gradient with that advantage:
 *
 * <pre>
 * loss = -sum_t A_t * studentLogprob_t / tokens
 * </pre>
 *
 * For tokens sampled from the student, E[(log q - log p) grad log q] = grad KL(q || p) because E[grad log q] = 0, so
 * this is an unbiased estimate of the gradient of the per-token reverse KL; like Thinking Machines it uses a discount
 * of 0 (a token is not charged for the KL of the tokens after it). The tokens must come from the current student: for
 * several updates on one batch, pass the same per-token advantages to {@link PolicyLoss#clipped} with the sampling
 * logprobs instead.
 */
public final class ReverseKlLoss {
    private ReverseKlLoss() {}

    /**
     * @param loss the scalar to minimise
     * @param meanReverseKl mean of studentLogprob - teacherLogprob over the masked tokens: the sampled estimate of the
     *     per-token KL(student || teacher), for the log
     * @param tokens number of masked tokens the means divide by
     */
    public record Result(NDArray loss, double meanReverseKl, long tokens) {}

    /**
     * @param studentLogprobs (batch, len) the student's log-probabilities of its own sampled tokens, with gradient
     * @param teacherLogprobs (batch, len) the teacher's log-probabilities of the same tokens; no gradient flows into them
     * @param mask (batch, len) 1 on the sampled completion tokens, 0 on prompt and padding
     */
    public static Result of(NDArray studentLogprobs, NDArray teacherLogprobs, NDArray mask) {
        TokenMask tokens = TokenMask.of(mask, studentLogprobs, teacherLogprobs);
        DataType dtype = studentLogprobs.getDataType();
        NDArray student = tokens.zeroOutside(studentLogprobs); // (batch, len)
        NDArray teacher = tokens.zeroOutside(teacherLogprobs.toType(dtype, false)).stopGradient(); // (batch, len)
        NDArray advantage = teacher.sub(student).stopGradient(); // (batch, len) = -(per-token reverse KL), held fixed
        NDArray loss = tokens.mean(advantage.mul(student)).neg();
        double meanReverseKl = -TokenMask.scalar(tokens.mean(advantage));
        return new Result(loss, meanReverseKl, tokens.count());
    }
}
