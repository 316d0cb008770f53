package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distill4j.model.decoder.Decoder;
import java.util.List;

/**
 * What a training step minimises on one chunk of examples. Supervised fine-tuning, distillation from logprobs,
 * on-policy distillation and the policy-gradient modes share one training loop ({@link SftTrainer}: batching,
 * accumulation, clipping, the optimizer, checkpoints) and differ only here.
 */
public interface Objective {
    /**
     * The chunk's loss summed over its loss tokens (the trainer divides by the whole step's loss tokens, so a step
     * split into chunks has the gradient of one pass): a scalar that carries the gradient.
     */
    NDArray summedLoss(Decoder decoder, TokenBatch batch, List<SftExample> chunk, NDManager manager);

    /** Supervised fine-tuning: the negative log-likelihood of the marked tokens. */
    Objective SFT = new Sft();

    /**
     * {@link #SFT}. A record, not a lambda: a job's fingerprint (what a resumed run must match) includes its
     * objective's text, which for a lambda would change from one run to the next.
     */
    record Sft() implements Objective {
        @Override
        public NDArray summedLoss(Decoder decoder, TokenBatch batch, List<SftExample> chunk, NDManager manager) {
            return SftLoss.summedNll(decoder, batch);
        }
    }
}
