package dev.distill4j.curate;

import java.util.SplittableRandom;

/**
 * MinHash signatures (Broder 1997): for each of k hash functions, the least hash over a document's shingles. Two
 * documents agree on one signature value with probability equal to the Jaccard similarity of their shingle sets.
 * The k functions are x ↦ aᵢ·x + bᵢ mod 2⁶⁴ with odd aᵢ (each a bijection of 64-bit values): the shingle hashes
 * are already well mixed, so this is as good as k independent hashes at a fraction of the cost, and it is checked
 * against the similarity it should estimate in the tests.
 */
public final class MinHasher {
    private final long[] multipliers;
    private final long[] offsets;

    public MinHasher(int hashes, long seed) {
        if (hashes < 1) {
            throw new IllegalArgumentException("field 'hashes': expected an integer >= 1, got " + hashes);
        }
        SplittableRandom random = new SplittableRandom(seed);
        multipliers = new long[hashes];
        offsets = new long[hashes];
        for (int i = 0; i < hashes; i++) {
            multipliers[i] = random.nextLong() | 1L;
            offsets[i] = random.nextLong();
        }
    }

    public int hashes() {
        return multipliers.length;
    }

    /** The signature of a shingle set; an empty set has the signature of all {@code Long.MAX_VALUE}. */
    public long[] signature(long[] shingles) {
        int k = multipliers.length;
        long[] signature = new long[k];
        java.util.Arrays.fill(signature, Long.MAX_VALUE);
        for (long shingle : shingles) {
            for (int i = 0; i < k; i++) {
                long h = multipliers[i] * shingle + offsets[i];
                if (h < signature[i]) {
                    signature[i] = h;
                }
            }
        }
        return signature;
    }
}
