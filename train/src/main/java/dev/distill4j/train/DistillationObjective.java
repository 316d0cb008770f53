package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.train.objective.DistillationLoss;
import java.util.List;

/**
 * Knowledge distillation from the teacher's top-k logprobs ({@link DistillationLoss#topK}): cross-entropy on the
 * tokens the teacher wrote, weighted {@code alpha}, plus the KL from the teacher's top-k distribution (with its
 * remaining mass as one bucket), weighted {@code 1 - alpha}. Positions without teacher alternatives (an example the
 * teacher's tokens could not be aligned with, the end-of-turn token) contribute cross-entropy only.
 */
public record DistillationObjective(double alpha) implements Objective {
    public DistillationObjective {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("field 'alpha': expected a number in [0, 1], got " + alpha);
        }
    }

    @Override
    public NDArray summedLoss(Decoder decoder, TokenBatch batch, List<SftExample> chunk, NDManager manager) {
        NDArray logits = decoder.forward(batch.inputs(), batch.positions(), null, null);
        int rows = chunk.size();
        int steps = (int) batch.targets().getShape().get(1);
        int k = 1;
        for (SftExample example : chunk) {
            if (example.signals() != null && example.signals().teacherTopIds() != null) {
                for (int[] top : example.signals().teacherTopIds()) {
                    k = Math.max(k, top.length);
                }
            }
        }
        long[] ids = new long[rows * steps * k];
        float[] logprobs = new float[rows * steps * k];
        float[] present = new float[rows * steps * k];
        for (int r = 0; r < rows; r++) {
            TokenSignals signals = chunk.get(r).signals();
            if (signals == null || signals.teacherTopIds() == null) {
                continue;
            }
            // Position t of the batch predicts token t + 1: the teacher's alternatives for that token.
            for (int t = 0; t < Math.min(steps, chunk.get(r).length() - 1); t++) {
                int[] top = signals.teacherTopIds()[t + 1];
                float[] values = signals.teacherTopLogprobs()[t + 1];
                for (int i = 0; i < top.length; i++) {
                    int at = (r * steps + t) * k + i;
                    ids[at] = top[i];
                    logprobs[at] = values[i];
                    present[at] = 1f;
                }
            }
        }
        Shape shape = new Shape(rows, steps, k);
        DataType dtype = logits.getDataType();
        return DistillationLoss.topK(logits, batch.targets(), batch.mask(), manager.create(ids, shape), manager.create(logprobs, shape).toType(dtype, false),
                manager.create(present, shape).toType(dtype, false), alpha);
    }
}
