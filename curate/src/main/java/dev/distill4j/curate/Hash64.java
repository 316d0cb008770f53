package dev.distill4j.curate;

/**
 * The 64-bit hashes curation keys its indexes by. Words are hashed with FNV-1a over their code points and
 * finished with SplitMix64's mixer (FNV alone leaves the low bits weak, and the indexes use them); a sequence of
 * words is hashed by folding the word hashes through the same mixer, so order matters and no string is built.
 */
public final class Hash64 {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long SEQUENCE_SEED = 0x9e3779b97f4a7c15L;

    private Hash64() {}

    /** SplitMix64's finaliser: a bijection on 64 bits whose output bits each depend on every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long startWord() {
        return FNV_OFFSET;
    }

    static long addCodePoint(long state, int codePoint) {
        return (state ^ codePoint) * FNV_PRIME;
    }

    static long finishWord(long state) {
        return mix(state);
    }

    /**
     * The hash of one word as {@link Words} writes it (already normalised); any text hashes the same way, which is how
     * the serve module's guard keys its prompt skeletons.
     */
    public static long word(CharSequence word) {
        long state = startWord();
        for (int i = 0; i < word.length(); ) {
            int codePoint = Character.codePointAt(word, i);
            state = addCodePoint(state, codePoint);
            i += Character.charCount(codePoint);
        }
        return finishWord(state);
    }

    /**
     * The hash of the words {@code words[from, from + length)}, in that order; any 64-bit values hash the same way,
     * which is how the serve module's guard keys a prompt's identity (skeleton and operands).
     */
    public static long sequence(long[] words, int from, int length) {
        long h = SEQUENCE_SEED + length;
        for (int i = from; i < from + length; i++) {
            h = mix(h + words[i]);
        }
        return h;
    }
}
