package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.train.objective.DistillationLoss;
import java.util.List;

/**
 * Knowledge distillation from a teacher held in memory ({@link DistillationLoss#fullVocabulary}): the teacher reads the
 * same batch, and the student learns its whole next-token distribution at every position (the KL over the full
 * vocabulary, weighted {@code 1 - alpha}) besides the cross-entropy of the data's tokens (weighted {@code alpha}). The
 * teacher must share the student's vocabulary.
 */
public final class LocalTeacherDistillation implements Objective {
    private final Decoder teacher;
    private final String teacherName;
    private final double alpha;

    /** @param teacherName how the job's fingerprint names the teacher (its folder), so that a resumed run must match it */
    public LocalTeacherDistillation(Decoder teacher, String teacherName, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("field 'alpha': expected a number in [0, 1], got " + alpha);
        }
        this.teacher = teacher;
        this.teacherName = teacherName;
        this.alpha = alpha;
    }

    @Override
    public NDArray summedLoss(Decoder decoder, TokenBatch batch, List<SftExample> chunk, NDManager manager) {
        if (teacher.config().vocabSize() != decoder.config().vocabSize()) {
            throw new IllegalArgumentException("the teacher's vocabulary (" + teacher.config().vocabSize() + " tokens) is not the student's ("
                    + decoder.config().vocabSize() + "): full-vocabulary distillation needs the same tokenizer");
        }
        NDArray logits = decoder.forward(batch.inputs(), batch.positions(), null, null);
        // The teacher's weights need no gradient; stopGradient keeps its activations out of the student's graph too.
        NDArray teacherLogits = teacher.forward(batch.inputs(), batch.positions(), null, null).stopGradient().toType(logits.getDataType(), false);
        return DistillationLoss.fullVocabulary(logits, teacherLogits, batch.targets(), batch.mask(), alpha);
    }

    /** Stable across runs: the fingerprint of a job includes its objective's text. */
    @Override
    public String toString() {
        return "LocalTeacherDistillation[teacher=" + teacherName + ", alpha=" + alpha + "]";
    }
}
