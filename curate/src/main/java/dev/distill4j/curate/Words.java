package dev.distill4j.curate;

import java.util.Arrays;

/**
 * Words as every curation step sees them. A word is a maximal run of letters and digits (Unicode's
 * {@link Character#isLetterOrDigit(int)}), lower-cased code point by code point ({@link Character#toLowerCase(int)});
 * everything else (whitespace of any kind, punctuation, symbols, emoji) only separates words and is dropped.
 * So {@code "Hello,  World!"} and {@code "hello world"} are the same two words; {@code "3.5"} is the words
 * {@code 3} and {@code 5}, as is {@code "3,5"}.
 */
public final class Words {
    private Words() {}

    /**
     * The normalised text: the words joined by single spaces. Two texts are exact duplicates for curation when
     * their normalised texts are equal: case, whitespace and punctuation do not count.
     */
    public static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isLetterOrDigit(codePoint)) {
                if (!inWord && !out.isEmpty()) {
                    out.append(' ');
                }
                out.appendCodePoint(Character.toLowerCase(codePoint));
                inWord = true;
            } else {
                inWord = false;
            }
        }
        return out.toString();
    }

    /** The 64-bit hashes of the words of {@link #normalise(String) normalise(text)}, in order, without building it. */
    public static long[] hashes(String text) {
        long[] hashes = new long[Math.max(8, text.length() / 5)];
        int count = 0;
        long state = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isLetterOrDigit(codePoint)) {
                if (!inWord) {
                    state = Hash64.startWord();
                    inWord = true;
                }
                state = Hash64.addCodePoint(state, Character.toLowerCase(codePoint));
            } else if (inWord) {
                if (count == hashes.length) {
                    hashes = Arrays.copyOf(hashes, count * 2);
                }
                hashes[count++] = Hash64.finishWord(state);
                inWord = false;
            }
        }
        if (inWord) {
            if (count == hashes.length) {
                hashes = Arrays.copyOf(hashes, count + 1);
            }
            hashes[count++] = Hash64.finishWord(state);
        }
        return count == hashes.length ? hashes : Arrays.copyOf(hashes, count);
    }
}
