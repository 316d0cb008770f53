package dev.distill4j.model.tokenizer;

import java.util.Arrays;

/**
 * A conversation as token ids, with {@code completionMask[i]} true where token {@code i} belongs to an assistant
 * reply (its content and its closing end-of-turn): the tokens SFT puts its loss on.
 */
public record TokenizedChat(int[] ids, boolean[] completionMask) {
    public TokenizedChat {
        if (ids == null || completionMask == null) {
            throw new IllegalArgumentException("fields 'ids' and 'completion_mask': expected arrays, got null");
        }
        if (ids.length != completionMask.length) {
            throw new IllegalArgumentException("field 'completion_mask': expected " + ids.length + " entries (one per id), got "
                    + completionMask.length);
        }
        ids = ids.clone();
        completionMask = completionMask.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public boolean[] completionMask() {
        return completionMask.clone();
    }

    public int length() {
        return ids.length;
    }

    /** How many tokens carry the loss. */
    public int completionTokens() {
        int count = 0;
        for (boolean completion : completionMask) {
            count += completion ? 1 : 0;
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenizedChat that && Arrays.equals(ids, that.ids)
                && Arrays.equals(completionMask, that.completionMask);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(completionMask);
    }

    @Override
    public String toString() {
        return "TokenizedChat[" + ids.length + " tokens, " + completionTokens() + " in completions]";
    }
}
