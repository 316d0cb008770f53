package dev.distill4j.curate;

import java.util.Arrays;

/**
 * The set of word n-grams ("shingles", Broder 1997) that near-duplicate detection compares, as sorted distinct
 * 64-bit hashes. A text shorter than n words has one shingle: all of its words, so two short texts compare by
 * equality rather than not at all. A text without words has no shingles.
 */
public final class Shingles {
    private Shingles() {}

    /** The distinct shingle hashes of {@code text}, sorted ascending. */
    public static long[] of(String text, int n) {
        return of(Words.hashes(text), n);
    }

    static long[] of(long[] words, int n) {
        if (words.length == 0) {
            return new long[0];
        }
        if (words.length < n) {
            return new long[] {Hash64.sequence(words, 0, words.length)};
        }
        long[] shingles = new long[words.length - n + 1];
        for (int i = 0; i < shingles.length; i++) {
            shingles[i] = Hash64.sequence(words, i, n);
        }
        Arrays.sort(shingles);
        int distinct = 0;
        for (int i = 0; i < shingles.length; i++) {
            if (i == 0 || shingles[i] != shingles[i - 1]) {
                shingles[distinct++] = shingles[i];
            }
        }
        return distinct == shingles.length ? shingles : Arrays.copyOf(shingles, distinct);
    }

    /** Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted distinct hash sets; two empty sets are equal (1). */
    public static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1.0;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }
}
