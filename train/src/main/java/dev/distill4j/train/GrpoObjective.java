package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.Scalars;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.train.objective.PolicyLoss;
import java.util.List;

/**
 * GRPO's clipped policy objective ({@link PolicyLoss#clipped}) on the student's own samples: each example carries its
 * sequence's group-relative advantage, the sampling policy's logprobs and, with a penalty, the frozen reference's
 * ({@link TokenSignals#policy}).
 *
 * @param temperature the sampling temperature: the policy whose ratio is clipped is the tempered one that sampled
 * @param beta        weight of the KL penalty to the reference; 0 for none
 */
public record GrpoObjective(double epsilonLow, double epsilonHigh, double beta, double temperature) implements Objective {
    public GrpoObjective {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("field 'temperature': expected a number > 0, got " + temperature);
        }
    }

    @Override
    public NDArray summedLoss(Decoder decoder, TokenBatch batch, List<SftExample> chunk, NDManager manager) {
        NDArray logprobs = SequenceLogprobs.ofBatch(decoder, batch, temperature);
        int rows = chunk.size();
        int steps = (int) batch.targets().getShape().get(1);
        float[] old = new float[rows * steps];
        float[] reference = beta > 0 ? new float[rows * steps] : null;
        float[] advantages = new float[rows];
        for (int r = 0; r < rows; r++) {
            TokenSignals signals = chunk.get(r).signals();
            if (signals == null || signals.advantage() == null || signals.oldLogprobs() == null) {
                throw new IllegalArgumentException("a GRPO example needs its advantage and sampling logprobs");
            }
            if (reference != null && signals.referenceLogprobs() == null) {
                throw new IllegalArgumentException("beta is " + beta + " but an example has no reference logprobs");
            }
            advantages[r] = signals.advantage();
            // Position t of the batch predicts token t + 1.
            for (int t = 0; t < Math.min(steps, chunk.get(r).length() - 1); t++) {
                old[r * steps + t] = signals.oldLogprobs()[t + 1];
                if (reference != null) {
                    reference[r * steps + t] = signals.referenceLogprobs()[t + 1];
                }
            }
        }
        Shape shape = new Shape(rows, steps);
        DataType dtype = logprobs.getDataType();
        PolicyLoss.Result result = PolicyLoss.clipped(logprobs, manager.create(old, shape).toType(dtype, false),
                manager.create(advantages).toType(dtype, false), batch.mask(), epsilonLow, epsilonHigh,
                reference == null ? null : manager.create(reference, shape).toType(dtype, false), beta);
        // The loss is a mean over the chunk's tokens; the trainer wants their sum (it divides by the whole step's).
        return Scalars.mul(result.loss(), result.tokens());
    }
}
