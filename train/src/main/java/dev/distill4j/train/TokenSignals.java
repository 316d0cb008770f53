package dev.distill4j.train;

/**
 * Per-token signals of the training modes beyond SFT, each indexed like the example's tokens (entry t is about
 * token t, the token predicted from the tokens before it); an entry at a position the loss mask leaves out is
 * ignored. Any field a mode does not use is null.
 *
 * @param teacherTopIds       knowledge distillation: the teacher's top-k token ids at each position (rows may be
 *                            shorter than k, or empty where the teacher gave none)
 * @param teacherTopLogprobs  their logprobs, row for row
 * @param teacherLogprobs     on-policy distillation: the teacher's logprob of each token the student sampled
 * @param advantage           policy modes: the sequence's advantage (GRPO: its reward against its group's)
 * @param oldLogprobs         policy modes: the sampling policy's logprob of each token, for the clipped ratio
 * @param referenceLogprobs   policy modes: the frozen reference's logprob of each token, for the KL penalty; null
 *                            when there is none
 */
public record TokenSignals(int[][] teacherTopIds, float[][] teacherTopLogprobs, float[] teacherLogprobs, Float advantage,
        float[] oldLogprobs, float[] referenceLogprobs) {

    public static TokenSignals topK(int[][] ids, float[][] logprobs) {
        return new TokenSignals(ids, logprobs, null, null, null, null);
    }

    public static TokenSignals teacherScores(float[] logprobs) {
        return new TokenSignals(null, null, logprobs, null, null, null);
    }

    public static TokenSignals policy(float advantage, float[] oldLogprobs, float[] referenceLogprobs) {
        return new TokenSignals(null, null, null, advantage, oldLogprobs, referenceLogprobs);
    }

    void requireLength(int tokens) {
        check("teacher_top_ids", teacherTopIds == null ? -1 : teacherTopIds.length, tokens);
        check("teacher_top_logprobs", teacherTopLogprobs == null ? -1 : teacherTopLogprobs.length, tokens);
        check("teacher_logprobs", teacherLogprobs == null ? -1 : teacherLogprobs.length, tokens);
        check("old_logprobs", oldLogprobs == null ? -1 : oldLogprobs.length, tokens);
        check("reference_logprobs", referenceLogprobs == null ? -1 : referenceLogprobs.length, tokens);
        if (teacherTopIds != null) {
            if (teacherTopLogprobs == null) {
                throw new IllegalArgumentException("field 'teacher_top_logprobs': expected the logprobs of the teacher's top ids, got none");
            }
            for (int t = 0; t < tokens; t++) {
                if (teacherTopIds[t].length != teacherTopLogprobs[t].length) {
                    throw new IllegalArgumentException("position " + t + ": " + teacherTopIds[t].length + " top ids but " + teacherTopLogprobs[t].length
                            + " logprobs");
                }
            }
        }
    }

    private static void check(String field, int length, int tokens) {
        if (length >= 0 && length != tokens) {
            throw new IllegalArgumentException("field '" + field + "': expected one entry per token (" + tokens + "), got " + length);
        }
    }
}
