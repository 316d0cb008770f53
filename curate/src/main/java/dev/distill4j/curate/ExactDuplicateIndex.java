package dev.distill4j.curate;

/**
 * Exact duplicates under normalisation: two texts are duplicates when their {@link Words#normalise(String)
 * normalised forms} are equal (same words in the same order; case, whitespace and punctuation ignored). The index
 * keeps one 64-bit hash of the word sequence per kept text, never the text: about 8 to 16 bytes per document. Two
 * different texts share a hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million kept texts).
 */
public final class ExactDuplicateIndex {
    private final LongHashSet kept = new LongHashSet();

    /** The key this index files {@code text} under. */
    public static long keyOf(String text) {
        return keyOf(Words.hashes(text));
    }

    static long keyOf(long[] words) {
        return Hash64.sequence(words, 0, words.length);
    }

    /** True if a text with the same normalised form was kept before. */
    public boolean contains(long key) {
        return kept.contains(key);
    }

    /** Remembers a kept text by its {@link #keyOf(String) key}. */
    public void add(long key) {
        kept.add(key);
    }

    public int size() {
        return kept.size();
    }

    public long bytes() {
        return kept.bytes();
    }
}
