package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.Scalars;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.train.objective.ReverseKlLoss;
import java.util.List;

/**
 * On-policy distillation ({@link ReverseKlLoss}) on the student's own samples: each example carries the teacher's
 * logprob of every sampled token ({@link TokenSignals#teacherScores}); tokens the teacher's scores could not be aligned
 * with are already out of the example's loss mask.
 *
 * @param temperature the sampling temperature: the student's logprobs are those of the tempered policy that sampled
 */
public record OnPolicyDistillationObjective(double temperature) implements Objective {
    public OnPolicyDistillationObjective {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("field 'temperature': expected a number > 0, got " + temperature);
        }
    }

    @Override
    public NDArray summedLoss(Decoder decoder, TokenBatch batch, List<SftExample> chunk, NDManager manager) {
        NDArray logprobs = SequenceLogprobs.ofBatch(decoder, batch, temperature);
        int rows = chunk.size();
        int steps = (int) batch.targets().getShape().get(1);
        float[] teacher = new float[rows * steps];
        for (int r = 0; r < rows; r++) {
            TokenSignals signals = chunk.get(r).signals();
            if (signals == null || signals.teacherLogprobs() == null) {
                throw new IllegalArgumentException("an on-policy distillation example needs the teacher's logprob of each token");
            }
            for (int t = 0; t < Math.min(steps, chunk.get(r).length() - 1); t++) {
                float score = signals.teacherLogprobs()[t + 1];
                teacher[r * steps + t] = Float.isFinite(score) ? score : 0f; // unaligned tokens are masked out anyway
            }
        }
        DataType dtype = logprobs.getDataType();
        ReverseKlLoss.Result result = ReverseKlLoss.of(logprobs, manager.create(teacher, new Shape(rows, steps)).toType(dtype, false), batch.mask());
        return Scalars.mul(result.loss(), result.tokens());
    }
}
