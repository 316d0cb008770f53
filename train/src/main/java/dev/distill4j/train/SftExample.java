package dev.distill4j.train;

/**
 * One training sequence: token ids and, per token, whether the model is trained to predict it. For chat
 * SFT the mask covers the assistant's tokens only (the loss on completion tokens, not on the prompt).
 *
 * @param signals what the modes beyond SFT learn from besides the tokens (the teacher's logprobs, an advantage),
 *                indexed like {@code tokens}; null for plain SFT
 */
public record SftExample(int[] tokens, boolean[] lossMask, TokenSignals signals) {
    /** A plain SFT example. */
    public SftExample(int[] tokens, boolean[] lossMask) {
        this(tokens, lossMask, null);
    }

    public SftExample {
        if (tokens == null || lossMask == null || tokens.length != lossMask.length) {
            throw new IllegalArgumentException("an SFT example needs a loss-mask entry per token");
        }
        if (tokens.length < 2) {
            throw new IllegalArgumentException("an SFT example needs at least two tokens (an input and a target), got " + tokens.length);
        }
        boolean any = false;
        for (int i = 1; i < lossMask.length; i++) {
            any |= lossMask[i];
        }
        if (!any) {
            throw new IllegalArgumentException("an SFT example must mark at least one token after the first for the loss");
        }
        if (signals != null) {
            signals.requireLength(tokens.length);
        }
    }

    public int length() {
        return tokens.length;
    }

    /** Tokens the loss is computed on (targets after the first position). */
    public int lossTokens() {
        int count = 0;
        for (int i = 1; i < lossMask.length; i++) {
            if (lossMask[i]) {
                count++;
            }
        }
        return count;
    }
}
