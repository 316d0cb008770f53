package dev.distill4j.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.Scalars;

/**
 * The clipped policy-gradient objective of GRPO (Shao et al. 2024, "DeepSeekMath", section 4.1), which is PPO's clipped
 * surrogate (Schulman et al. 2017, "Proximal Policy Optimization Algorithms", eq. 7) with a group-relative advantage
 * and a KL penalty to a reference model in the loss instead of in the reward.
 *
 * <p>Per masked token, with ratio = exp(logprob - oldLogprob):
 *
 * <pre>
 * surrogate_t = min(ratio * A, clip(ratio, 1 - epsilonLow, 1 + epsilonHigh) * A)
 * k3_t        = exp(ref - new) - (ref - new) - 1
 * loss        = -sum_t surrogate_t / tokens + beta * sum_t k3_t / tokens
 * </pre>
 *
 * k3 is the estimator of KL(new || ref) from Schulman's note "Approximating KL Divergence" (2020): unbiased for
 * tokens sampled from the policy, never negative, and with less variance than log(new / ref); GRPO uses it. Two
 * departures from the DeepSeekMath formula, both from DAPO (Yu et al. 2025): the bounds are separate
 * ("clip-higher": a larger epsilonHigh lets rare good tokens grow and keeps entropy up; equal bounds give PPO), and the
 * sum runs over all the batch's tokens divided by their number, instead of a mean per sequence then per group, so a
 * long answer's tokens weigh as much as a short one's.
 */
public final class PolicyLoss {
    private PolicyLoss() {}

    /**
     * @param loss the scalar to minimise
     * @param meanKl mean k3 over the masked tokens, 0 without a reference model
     * @param clippedFraction fraction of masked tokens whose clipped term was the smaller one (A &gt; 0 and ratio
     *     above 1 + epsilonHigh, or A &lt; 0 and ratio below 1 - epsilonLow): they give no gradient this step
     * @param tokens number of masked tokens the means divide by
     */
    public record Result(NDArray loss, double meanKl, double clippedFraction, long tokens) {}

    /**
     * @param logprobs (batch, len) the policy's log-probabilities of the sampled tokens now, with gradient
     * @param oldLogprobs (batch, len) the same at sampling time; no gradient flows into them
     * @param advantages (batch) one per sequence, as GRPO's outcome reward gives, or (batch, len) one per token;
     *     no gradient flows into them
     * @param mask (batch, len) 1 on the sampled completion tokens, 0 on prompt and padding
     * @param epsilonLow how far below 1 the ratio may go before the clip, in [0, 1)
     * @param epsilonHigh how far above 1, at least 0
     * @param referenceLogprobs (batch, len) the reference model's log-probabilities of the same tokens, or null
     * @param beta weight of the KL penalty; must be 0 without a reference
     */
    public static Result clipped(NDArray logprobs, NDArray oldLogprobs, NDArray advantages, NDArray mask, double epsilonLow,
            double epsilonHigh, NDArray referenceLogprobs, double beta) {
        if (!(epsilonLow >= 0 && epsilonLow < 1) || !(epsilonHigh >= 0) || Double.isInfinite(epsilonHigh)) {
            throw new IllegalArgumentException("need 0 <= epsilonLow < 1 and a finite epsilonHigh >= 0, got " + epsilonLow + " and " + epsilonHigh);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number >= 0, got " + beta);
        }
        if (referenceLogprobs == null && beta != 0) {
            throw new IllegalArgumentException("beta is " + beta + " but there are no reference logprobs to measure the KL against");
        }
        TokenMask tokens = TokenMask.of(mask, logprobs, oldLogprobs, referenceLogprobs);
        DataType dtype = logprobs.getDataType();
        NDArray perToken = tokens.zeroOutside(perTokenAdvantages(advantages, logprobs).toType(dtype, false).stopGradient()); // (batch, len)

        NDArray logRatio = tokens.zeroOutside(logprobs.sub(oldLogprobs.toType(dtype, false).stopGradient())); // (batch, len)
        NDArray ratio = logRatio.exp();
        NDArray surrogate = NDArrays.minimum(ratio.mul(perToken), ratio.clip(1 - epsilonLow, 1 + epsilonHigh).mul(perToken));
        NDArray loss = tokens.mean(surrogate).neg();

        NDArray clippedHigh = ratio.gt(1 + epsilonHigh).logicalAnd(perToken.gt(0));
        NDArray clippedLow = ratio.lt(1 - epsilonLow).logicalAnd(perToken.lt(0));
        double clippedFraction = TokenMask.scalar(tokens.mean(clippedHigh.logicalOr(clippedLow).toType(dtype, false)));

        double meanKl = 0;
        if (referenceLogprobs != null) {
            NDArray toReference = tokens.zeroOutside(referenceLogprobs.toType(dtype, false).stopGradient().sub(logprobs)); // ref - new
            NDArray k3 = toReference.exp().sub(toReference).sub(1); // (batch, len), >= 0
            NDArray klMean = tokens.mean(k3);
            meanKl = TokenMask.scalar(klMean);
            loss = loss.add(Scalars.mul(klMean, beta));
        }
        return new Result(loss, meanKl, clippedFraction, tokens.count());
    }

    private static NDArray perTokenAdvantages(NDArray advantages, NDArray logprobs) {
        long batch = logprobs.getShape().get(0);
        if (advantages.getShape().dimension() == 1 && advantages.getShape().get(0) == batch) {
            return advantages.expandDims(1);
        }
        if (advantages.getShape().equals(logprobs.getShape())) {
            return advantages;
        }
        throw new IllegalArgumentException("advantages must be (batch) or (batch, len) for logprobs " + logprobs.getShape()
                + ", got " + advantages.getShape());
    }
}
