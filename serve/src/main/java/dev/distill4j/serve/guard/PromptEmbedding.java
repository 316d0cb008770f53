package dev.distill4j.serve.guard;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A prompt as a fixed-length, L2-normalised vector, made by feature hashing (Weinberger et al. 2009, "Feature
 * Hashing for Large Scale Multitask Learning"): no pretrained embedding model can be loaded on an offline machine,
 * and the guard only needs distances that tell "the same kind of prompt" from "a different kind".
 * <p>
 * Features, all from the lowercased text:
 * <ul>
 *   <li>word unigrams and bigrams: the vocabulary and the fixed phrases of a template
 *       ({@code "show your"}, {@code "your work"});</li>
 *   <li>character 3-grams of the text with whitespace runs made one space and a space at each end: the template's
 *       shape, punctuation included ({@code "? s"}, {@code " + "}), which words alone miss, and robustness to
 *       small spelling changes.</li>
 * </ul>
 * Each feature's count {@code tf} becomes {@code 1 + ln(tf)} (sublinear, so one repeated word does not swamp the
 * rest), is hashed to one of {@code dimensions} buckets and added there with a sign taken from another bit of the
 * same hash, so that colliding features cancel in expectation instead of piling up (the signed hashing trick).
 * <p>
 * The hash is FNV-1a (64 bit) over the UTF-8 bytes of the feature, then MurmurHash3's 64-bit finaliser
 * ({@code fmix64}) so that every output bit depends on every input byte. Unlike {@link String#hashCode()} it is
 * 64 bits wide, mixes well in its low bits and is fixed by this class alone: the same text gives the same vector on
 * every JVM, which a calibration stored by one process and read by another needs.
 */
public final class PromptEmbedding {
    /** The default width: enough that a prompt's ~100 features rarely collide, small enough for fast kernels. */
    public static final int DEFAULT_DIMENSIONS = 256;

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private PromptEmbedding() {}

    /** {@link #of(String, int)} with {@link #DEFAULT_DIMENSIONS}. */
    public static float[] of(String text) {
        return of(text, DEFAULT_DIMENSIONS);
    }

    /** The unit-length embedding of {@code text}; text without any feature (empty or blank) gives the zero vector. */
    public static float[] of(String text, int dimensions) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, got " + dimensions);
        }
        double[] sum = new double[dimensions];
        for (Map.Entry<String, Integer> feature : features(text).entrySet()) {
            long hash = hash64(feature.getKey().getBytes(StandardCharsets.UTF_8));
            // After fmix64 the bits are independent enough that the top bit picks the sign and the rest the bucket.
            int bucket = (int) Long.remainderUnsigned(hash & Long.MAX_VALUE, dimensions);
            double sign = hash < 0 ? -1.0 : 1.0;
            sum[bucket] += sign * (1.0 + Math.log(feature.getValue()));
        }
        return normalised(sum);
    }

    /** Feature counts; the prefixes keep a word, a bigram and a 3-gram with the same letters apart. */
    static Map<String, Integer> features(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, Integer> counts = new HashMap<>();
        String[] words = NON_WORD.split(lower);
        String previous = null;
        for (String word : words) {
            if (word.isEmpty()) {
                continue; // split gives one leading empty string when the text starts with a separator
            }
            counts.merge("w:" + word, 1, Integer::sum);
            if (previous != null) {
                counts.merge("b:" + previous + " " + word, 1, Integer::sum);
            }
            previous = word;
        }
        String collapsed = WHITESPACE.matcher(lower).replaceAll(" ").strip();
        if (!collapsed.isEmpty()) {
            String padded = " " + collapsed + " ";
            int[] codePoints = padded.codePoints().toArray();
            for (int i = 0; i + 3 <= codePoints.length; i++) {
                counts.merge("c:" + new String(codePoints, i, 3), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** FNV-1a 64 over {@code bytes}, then MurmurHash3's fmix64 finaliser. */
    static long hash64(byte[] bytes) {
        long h = FNV_OFFSET;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static float[] normalised(double[] sum) {
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[sum.length];
        if (norm == 0) {
            return out; // no features, or features that cancelled exactly: nothing to say about the prompt
        }
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / norm);
        }
        return out;
    }
}
