package dev.distill4j.serve.guard;

import dev.distill4j.curate.MinHasher;
import dev.distill4j.curate.Shingles;
import java.util.Arrays;

/**
 * A MinHash signature of a prompt's word shingles: the only form in which the guard keeps a prompt beyond the bounded
 * raw-text window, so accounting per API key costs {@code hashes} longs per prompt and cannot be read back as text.
 * Two sketches estimate the Jaccard similarity of the prompts' shingle sets (Broder 1997): the probability that one
 * hash function's minimum over both sets is the same element is exactly that Jaccard similarity, so the fraction of
 * equal minima over {@code k} independent functions is an unbiased estimate with standard error
 * {@code sqrt(J(1-J)/k)} (about 0.06 at k = 64, 0.02 at k = 512).
 *
 * <p>The shingles and the signature are curation's ({@link Shingles}, {@link MinHasher}), the same that near-duplicate
 * removal uses: words are lowercased runs of letters and digits (whitespace and punctuation do not count), shingles
 * are runs of {@code shingleWords} consecutive words, and a text with fewer words than that is one shingle of all its
 * words.
 *
 * <p><b>The empty sketch.</b> A text with no words has no shingles; its signature is {@link #EMPTY_MINIMUM} in every
 * position (the minimum over an empty set), so an empty sketch has Jaccard 1.0 with another empty sketch (two empty
 * prompts are the same prompt) and, but for a 2^-64 coincidence per position, 0.0 with any non-empty one.
 *
 * @param signature the minimum of each hash function over the shingles, one per function; copied in and out
 * @param shingleWords words per shingle
 * @param seed the seed that chose the hash functions; sketches compare only under the same seed
 */
public record PromptSketch(long[] signature, int shingleWords, long seed) {
    /** Words per shingle in {@link #of(String)}: 3-word shingles tell rephrased from copied text in short prompts. */
    public static final int DEFAULT_SHINGLE_WORDS = 3;
    /** Hash functions in {@link #of(String)}: 64 longs (512 bytes) per prompt, standard error at most 0.0625. */
    public static final int DEFAULT_HASHES = 64;
    /** The seed of {@link #of(String)}; fixed so that sketches made by different servers and runs compare. */
    public static final long DEFAULT_SEED = 0x5eed_d157_1114_6a4dL;
    /** The signature value of a text with no words; above every hash value. */
    public static final long EMPTY_MINIMUM = Long.MAX_VALUE;

    public PromptSketch {
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("signature must hold at least one minimum, got "
                    + (signature == null ? "null" : "an empty array"));
        }
        if (shingleWords < 1) {
            throw new IllegalArgumentException("shingleWords must be >= 1, got " + shingleWords);
        }
        signature = signature.clone();
    }

    /** The sketch with 3-word shingles, 64 hash functions and {@link #DEFAULT_SEED}. */
    public static PromptSketch of(String text) {
        return of(text, DEFAULT_SHINGLE_WORDS, DEFAULT_HASHES, DEFAULT_SEED);
    }

    /** The sketch of {@code text} with {@code hashes} hash functions chosen by {@code seed}. */
    public static PromptSketch of(String text, int shingleWords, int hashes, long seed) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (shingleWords < 1) {
            throw new IllegalArgumentException("shingleWords must be >= 1, got " + shingleWords);
        }
        if (hashes < 1) {
            throw new IllegalArgumentException("hashes must be >= 1, got " + hashes);
        }
        return new PromptSketch(new MinHasher(hashes, seed).signature(Shingles.of(text, shingleWords)), shingleWords, seed);
    }

    /** Estimated Jaccard similarity of the two prompts' shingle sets: the fraction of equal minima. */
    public double jaccard(PromptSketch other) {
        if (other == null) {
            throw new IllegalArgumentException("other sketch must not be null");
        }
        if (other.signature.length != signature.length) {
            throw new IllegalArgumentException("cannot compare sketches of different sizes: "
                    + signature.length + " hashes vs " + other.signature.length);
        }
        if (other.seed != seed) {
            throw new IllegalArgumentException("cannot compare sketches made with different seeds: "
                    + seed + " vs " + other.seed + " (their hash functions differ)");
        }
        if (other.shingleWords != shingleWords) {
            throw new IllegalArgumentException("cannot compare sketches of different shingleWords: "
                    + shingleWords + " vs " + other.shingleWords);
        }
        int equal = 0;
        for (int i = 0; i < signature.length; i++) {
            if (signature[i] == other.signature[i]) {
                equal++;
            }
        }
        return (double) equal / signature.length;
    }

    /** Whether the prompt had no words. */
    public boolean isEmpty() {
        for (long minimum : signature) {
            if (minimum != EMPTY_MINIMUM) {
                return false;
            }
        }
        return true;
    }

    /** Number of hash functions. */
    public int size() {
        return signature.length;
    }

    @Override
    public long[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptSketch s && s.shingleWords == shingleWords && s.seed == seed
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(signature) + shingleWords) + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "PromptSketch[hashes=" + signature.length + ", shingleWords=" + shingleWords + ", seed=" + seed
                + (isEmpty() ? ", empty" : "") + "]";
    }
}
