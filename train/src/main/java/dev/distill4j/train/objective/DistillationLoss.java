package dev.distill4j.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.Scalars;

/**
 * Knowledge distillation (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a Neural Network"): the student
 * learns from the teacher's whole next-token distribution, not only from the token the teacher wrote, mixed with the
 * ordinary cross-entropy of the target. Per position t the loss is {@code alpha * (-log q(target_t)) + (1 - alpha) *
 * KL(p_t || q_t)}, with p the teacher and q the student; both methods return the SUM over the masked positions (a
 * scalar), like the SFT loss, so that the trainer divides by the step's loss tokens. No temperature is applied: a
 * provider's logprobs are at temperature 1, and a local teacher can divide its logits before the call.
 */
public final class DistillationLoss {
    /** Where the student's "everything else" bucket is clamped, so its log stays finite when the top-k hold it all. */
    static final double BUCKET_FLOOR = 1e-12;
    /** A provider can send -9999 or -inf for a present alternative; below this its probability is 0 in any dtype. */
    private static final double LOGPROB_FLOOR = -1e4;
    /** Stands in for a teacher remainder of 0 inside the log; a float32 normal number, and r log r is 0 below it. */
    private static final double TINY_MASS = 1e-30;

    private DistillationLoss() {}

    /**
     * Distillation from a teacher that is only seen through its top-k logprobs, as an API returns them.
     *
     * <p>A provider returns at most about 20 alternatives per position. Keeping only those and renormalising them
     * would hand the teacher's remaining mass to its top tokens and over-weight them, most where the teacher is least
     * sure. Instead the KL is taken over k + 1 outcomes: each present alternative i with p_i = exp(teacherLogprob_i),
     * and one "everything else" bucket holding the rest of the teacher's mass r = max(0, 1 - sum_i p_i), matched by the
     * student's mass outside the same ids, 1 - sum_i q(id_i):
     *
     * <pre>
     * KL_t = sum_i p_i (log p_i - log q(id_i)) + r (log r - log max(1 - sum_i q(id_i), 1e-12)),   0 log 0 = 0.
     * </pre>
     *
     * This keeps the teacher's total mass and still needs nothing beyond the top-k. The student's bucket is summed
     * from the probabilities of the ids outside the top-k, not taken as 1 - sum, which would cancel catastrophically
     * in float32 when the top-k hold nearly all of the student's mass.
     *
     * <p>An id repeated at one position counts once, with the probability of its first present occurrence; the
     * repeats are dropped, so their mass goes to the bucket. A caller that maps several teacher tokens onto one
     * student id should add their probabilities before calling. Absent alternatives and masked positions are ignored
     * whatever they hold (padding ids may be -1, padding logprobs NaN).
     *
     * @param logits the student's logits, (batch, len, vocab), with gradient
     * @param targets (batch, len) int64 ids of the tokens the data says come next
     * @param mask (batch, len) 1 where the loss counts, 0 elsewhere
     * @param teacherIds (batch, len, k) int64 ids of the teacher's alternatives, in the student's vocabulary
     * @param teacherLogprobs (batch, len, k) the teacher's log-probabilities of those ids
     * @param teacherPresent (batch, len, k) 1 where alternative i exists at that position, 0 where it is padding
     * @param alpha weight of the cross-entropy; 1 - alpha weighs the KL; in [0, 1]
     * @return the scalar sum over masked positions
     */
    public static NDArray topK(NDArray logits, NDArray targets, NDArray mask, NDArray teacherIds, NDArray teacherLogprobs,
            NDArray teacherPresent, double alpha) {
        requireAlpha(alpha);
        TokenLogprobs.requireSameLeadingShape(logits, targets);
        TokenLogprobs.requireSameLeadingShape(logits, teacherIds);
        if (!teacherIds.getShape().equals(teacherLogprobs.getShape()) || !teacherIds.getShape().equals(teacherPresent.getShape())
                || teacherIds.getShape().dimension() != 3) {
            throw new IllegalArgumentException("teacherIds, teacherLogprobs and teacherPresent must share one (batch, len, k) shape, got "
                    + teacherIds.getShape() + ", " + teacherLogprobs.getShape() + " and " + teacherPresent.getShape());
        }
        DataType dtype = logits.getDataType();
        long vocab = logits.getShape().get(2);
        NDArray present = teacherPresent.toType(dtype, false).mul(mask.toType(dtype, false).expandDims(-1)); // (batch, len, k)
        present = firstOccurrences(teacherIds, present).stopGradient();
        NDArray isPresent = present.gt(0);
        NDArray gatherIds = NDArrays.where(isPresent, teacherIds, teacherIds.zerosLike()); // absent -> 0, weighted 0 below
        requireInVocabulary(gatherIds, vocab);

        NDArray logQ = logits.logSoftmax(-1); // (batch, len, vocab)
        NDArray crossEntropy = logQ.gather(targets.expandDims(-1), 2).squeeze(-1).neg(); // (batch, len)

        NDArray teacherLogP = NDArrays.where(isPresent, Scalars.maximum(teacherLogprobs.toType(dtype, false), LOGPROB_FLOOR),
                present.zerosLike()).stopGradient(); // (batch, len, k), 0 where absent
        NDArray p = teacherLogP.exp().mul(present); // (batch, len, k), exactly 0 where absent
        NDArray logQTop = logQ.gather(gatherIds, 2); // (batch, len, k)
        NDArray topTerms = p.mul(teacherLogP.sub(logQTop)).sum(new int[] {2}); // (batch, len)

        NDArray remaining = Scalars.maximum(p.sum(new int[] {2}).neg().add(1), 0); // (batch, len) teacher's mass outside the top-k
        NDArray logRemaining = Scalars.maximum(remaining, TINY_MASS).log(); // finite, so r = 0 gives 0, not 0 * -inf
        NDArray logStudentRemaining = logStudentRemaining(logQ, teacherIds, isPresent, vocab); // (batch, len)
        NDArray bucketTerm = remaining.mul(logRemaining.sub(logStudentRemaining)); // (batch, len)

        NDArray kl = topTerms.add(bucketTerm);
        return mixed(crossEntropy, kl, mask, alpha);
    }

    /**
     * Distillation from a teacher whose full logits are at hand (a local model): KL(teacher || student) over the whole
     * vocabulary, mixed with the cross-entropy of the target. The teacher gets no gradient.
     *
     * @param logits the student's logits, (batch, len, vocab), with gradient
     * @param teacherLogits the teacher's logits, (batch, len, vocab), over the same vocabulary
     * @param targets (batch, len) int64 ids of the tokens the data says come next
     * @param mask (batch, len) 1 where the loss counts, 0 elsewhere
     * @param alpha weight of the cross-entropy; 1 - alpha weighs the KL; in [0, 1]
     * @return the scalar sum over masked positions
     */
    public static NDArray fullVocabulary(NDArray logits, NDArray teacherLogits, NDArray targets, NDArray mask, double alpha) {
        requireAlpha(alpha);
        TokenLogprobs.requireSameLeadingShape(logits, targets);
        if (!logits.getShape().equals(teacherLogits.getShape())) {
            throw new IllegalArgumentException("student and teacher logits must share one (batch, len, vocab) shape, got "
                    + logits.getShape() + " and " + teacherLogits.getShape());
        }
        DataType dtype = logits.getDataType();
        NDArray logQ = logits.logSoftmax(-1); // (batch, len, vocab)
        NDArray crossEntropy = logQ.gather(targets.expandDims(-1), 2).squeeze(-1).neg(); // (batch, len)
        NDArray logP = teacherLogits.toType(dtype, false).logSoftmax(-1).stopGradient(); // (batch, len, vocab)
        NDArray p = logP.exp();
        // 0 log 0 = 0: a teacher that masks tokens out with -inf logits has p = 0 and log p = -inf there.
        NDArray terms = NDArrays.where(p.gt(0), p.mul(logP.sub(logQ)), p.zerosLike()); // (batch, len, vocab)
        NDArray kl = terms.sum(new int[] {2}); // (batch, len)
        return mixed(crossEntropy, kl, mask, alpha);
    }

    /** sum over masked positions of alpha * crossEntropy + (1 - alpha) * kl. */
    private static NDArray mixed(NDArray crossEntropy, NDArray kl, NDArray mask, double alpha) {
        return Scalars.mul(crossEntropy, alpha).add(Scalars.mul(kl, 1 - alpha)).mul(mask.toType(crossEntropy.getDataType(), false)).sum();
    }

    /**
     * log of the student's probability outside the teacher's present ids, summed directly over those tokens and
     * clamped at {@link #BUCKET_FLOOR}.
     */
    private static NDArray logStudentRemaining(NDArray logQ, NDArray teacherIds, NDArray isPresent, long vocab) {
        Shape shape = logQ.getShape();
        // Absent alternatives write into one extra column that is cut off afterwards, so every write is a 1 and
        // repeated ids cannot race against a 0 written to the same place.
        NDArray scatterIds = NDArrays.where(isPresent, teacherIds, teacherIds.onesLike().mul(vocab)); // (batch, len, k)
        NDArray membership = logQ.getManager()
                .zeros(new Shape(shape.get(0), shape.get(1), vocab + 1), logQ.getDataType())
                .scatter(scatterIds, scatterIds.onesLike().toType(logQ.getDataType(), false), 2)
                .get(new NDIndex(":, :, 0:{}", vocab)); // (batch, len, vocab) 1 at the present ids
        NDArray outside = logQ.exp().mul(membership.neg().add(1)).sum(new int[] {2}); // (batch, len)
        return Scalars.maximum(outside, BUCKET_FLOOR).log();
    }

    /** {@code present} with each repeat of an id at one position zeroed, so the id counts once (first occurrence). */
    private static NDArray firstOccurrences(NDArray ids, NDArray present) {
        int k = Math.toIntExact(ids.getShape().get(2));
        double[] earlier = new double[k * k]; // [i][j] = 1 when j < i
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                earlier[i * k + j] = 1;
            }
        }
        NDArray before = present.getManager().create(earlier, new Shape(k, k)).toType(present.getDataType(), false);
        NDArray same = ids.expandDims(3).eq(ids.expandDims(2)).toType(present.getDataType(), false); // (batch, len, k, k)
        NDArray repeats = same.mul(before).mul(present.expandDims(2)).sum(new int[] {3}); // (batch, len, k)
        return present.mul(repeats.eq(0).toType(present.getDataType(), false));
    }

    private static void requireInVocabulary(NDArray ids, long vocab) {
        if (ids.size() == 0) {
            return;
        }
        long low = ids.min().toType(DataType.INT64, false).getLong();
        long high = ids.max().toType(DataType.INT64, false).getLong();
        if (low < 0 || high >= vocab) {
            throw new IllegalArgumentException("a present teacher id lies outside the student's vocabulary [0, " + vocab
                    + "): found ids from " + low + " to " + high);
        }
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must lie in [0, 1], got " + alpha);
        }
    }
}
