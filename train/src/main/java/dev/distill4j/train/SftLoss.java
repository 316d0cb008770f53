package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.train.objective.TokenLogprobs;

/** Cross-entropy of the next token, summed over the tokens the loss mask marks. */
final class SftLoss {
    private SftLoss() {}

    /** Sum of -log p(target) over masked positions: a scalar; divide by the step's loss tokens for the mean. */
    static NDArray summedNll(Decoder decoder, TokenBatch batch) {
        NDArray logits = decoder.forward(batch.inputs(), batch.positions(), null, null); // (batch, len, vocab)
        return TokenLogprobs.of(logits, batch.targets()).mul(batch.mask()).sum().neg();
    }
}
