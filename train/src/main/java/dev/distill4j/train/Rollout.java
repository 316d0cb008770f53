package dev.distill4j.train;

import dev.distill4j.core.Task;

/**
 * One answer the student sampled to a training prompt, as the policy modes train on it.
 *
 * @param tokens       the prompt's tokens, then the sampled ones, then the end-of-sequence token when the student
 *                     stopped by itself (it is part of what the policy chose)
 * @param promptLength how many of {@code tokens} are the prompt's
 * @param text         the answer's text, as the verifier and the teacher see it
 * @param pass         the verifier's verdict
 * @param reward       the verifier's score in [0, 1] (1 for a pass; partial credit where the verifier gives it)
 */
public record Rollout(Task task, int[] tokens, int promptLength, String text, String finishReason, boolean pass, double reward) {
    /** Sampled tokens (with the end-of-sequence token): the answer's length. */
    public int completionTokens() {
        return tokens.length - promptLength;
    }

    /** The rollout as a training sequence with its loss on the sampled tokens, carrying {@code signals}. */
    public SftExample example(TokenSignals signals, boolean[] excluded) {
        boolean[] mask = new boolean[tokens.length];
        for (int t = promptLength; t < tokens.length; t++) {
            mask[t] = excluded == null || !excluded[t];
        }
        return new SftExample(tokens, mask, signals);
    }
}
