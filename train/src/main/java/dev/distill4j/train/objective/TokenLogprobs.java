package dev.distill4j.train.objective;

import ai.djl.ndarray.NDArray;

/**
 * The student's log-probability of given tokens, the quantity every objective here starts from: SFT and
 * distillation score the dataset's targets, GRPO and on-policy distillation score the student's own samples.
 */
public final class TokenLogprobs {
    private TokenLogprobs() {}

    /**
     * log softmax(logits)[target] at each position, differentiable with respect to the logits.
     *
     * @param logits (batch, len, vocab), as {@code Decoder.forward} returns them
     * @param targets (batch, len) int64 token ids in [0, vocab)
     * @return (batch, len) log-probabilities, in the dtype of the logits
     */
    public static NDArray of(NDArray logits, NDArray targets) {
        requireSameLeadingShape(logits, targets);
        NDArray logProbabilities = logits.logSoftmax(-1); // (batch, len, vocab)
        return logProbabilities.gather(targets.expandDims(-1), 2).squeeze(-1); // (batch, len)
    }

    static void requireSameLeadingShape(NDArray logits, NDArray perPosition) {
        if (logits.getShape().dimension() != 3
                || perPosition.getShape().dimension() < 2
                || logits.getShape().get(0) != perPosition.getShape().get(0)
                || logits.getShape().get(1) != perPosition.getShape().get(1)) {
            throw new IllegalArgumentException("expected logits (batch, len, vocab) and a (batch, len, ...) tensor, got "
                    + logits.getShape() + " and " + perPosition.getShape());
        }
    }
}
