package dev.distill4j.curate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded synthetic corpus with planted duplicates and contamination, for the curation benchmark. Documents are
 * drawn word by word from a Zipf(1) vocabulary of made-up words (so common words repeat as in real text) and written
 * as sentences with capitals and full stops. Every document is a pure function of the seed and its index, so the
 * corpus streams and any document can be read back (which is how the near-duplicate index verifies candidates here).
 *
 * <p>What is planted, by index (the first {@value #ORIGINAL_PREFIX} documents are always originals):
 * <ul>
 *   <li>{@link Role#NEAR_COPY} (5%): an earlier original with 1 to 3 word edits (substitution, insertion or deletion),
 *       re-punctuated. On 150 or more words with 5-word shingles an edit changes at most 5 of at least 146 shingles, so
 *       Jaccard is at least (146 − 15)/(146 + 15) = 0.81; {@link #jaccard} measures each pair exactly anyway. An
 *       insertion and a deletion can cancel out: about 13 copies in a million have their source's words exactly and are
 *       removed as exact duplicates, which the benchmark counts as near duplicates missed;</li>
 *   <li>{@link Role#DECOY} (2%): an earlier original with 8 to 14 substitutions: Jaccard about 0.6 to 0.75, pairs that
 *       must not be reported;</li>
 *   <li>{@link Role#EXACT_COPY} (1%): an earlier original in capitals with other punctuation and spacing;</li>
 *   <li>{@link Role#CONTAMINATED} (1%): an original with a span of n to n + 7 consecutive words of an evaluation text
 *       inserted.</li>
 * </ul>
 */
public final class SyntheticCorpus {
    static final int ORIGINAL_PREFIX = 1000;
    private static final int VOCABULARY = 20_000;
    private static final int ZIPF_TABLE = 1 << 20;
    private static final String[] SYLLABLES = {"ba", "ke", "di", "so", "lu", "ma", "ne", "pi", "ro", "tu", "fa", "ge",
        "hi", "jo", "ku", "la", "me", "ni", "po", "ru"};

    /** What a document is, for the ground truth. */
    public enum Role { ORIGINAL, NEAR_COPY, DECOY, EXACT_COPY, CONTAMINATED }

    private final long seed;
    private final int ngram;
    private final String[] vocabulary = new String[VOCABULARY];
    private final int[] zipf = new int[ZIPF_TABLE];
    private final int[][] evaluation;

    /**
     * @param seed            everything follows from it
     * @param ngram           the decontamination n: planted spans are at least this long
     * @param evaluationTexts how many evaluation texts (30 to 60 words each)
     */
    public SyntheticCorpus(long seed, int ngram, int evaluationTexts) {
        this.seed = seed;
        this.ngram = ngram;
        for (int k = 0; k < VOCABULARY; k++) {
            vocabulary[k] = word(k + 1);
        }
        double total = 0;
        for (int k = 0; k < VOCABULARY; k++) {
            total += 1.0 / (k + 1);
        }
        double cumulative = 0;
        int next = 0;
        for (int k = 0; k < VOCABULARY && next < ZIPF_TABLE; k++) {
            cumulative += 1.0 / (k + 1) / total;
            int until = Math.min(ZIPF_TABLE, (int) Math.round(cumulative * ZIPF_TABLE));
            while (next < until) {
                zipf[next++] = k;
            }
        }
        while (next < ZIPF_TABLE) {
            zipf[next++] = VOCABULARY - 1;
        }
        SplittableRandom random = new SplittableRandom(Hash64.mix(seed ^ 0x5eed_e7a1L));
        evaluation = new int[evaluationTexts][];
        for (int e = 0; e < evaluationTexts; e++) {
            evaluation[e] = draw(random, 30 + random.nextInt(31));
        }
    }

    public int evaluationTexts() {
        return evaluation.length;
    }

    public String evaluationText(int e) {
        return render(evaluation[e], new SplittableRandom(e), false);
    }

    /** The role of document {@code i}. */
    public Role role(long i) {
        return role(i, random(i));
    }

    /** The source of a copy or decoy (an earlier original), or -1 for originals and contaminated documents. */
    public int source(long i) {
        SplittableRandom random = random(i);
        Role role = role(i, random);
        return role == Role.NEAR_COPY || role == Role.DECOY || role == Role.EXACT_COPY ? pickSource(i, random) : -1;
    }

    /** The text of document {@code i}. */
    public String text(long i) {
        SplittableRandom random = random(i);
        Role role = role(i, random);
        return render(words(i, random, role), random, role == Role.EXACT_COPY);
    }

    /** The words of document {@code i}, as vocabulary indices: what its text says once normalised. */
    public int[] words(long i) {
        SplittableRandom random = random(i);
        return words(i, random, role(i, random));
    }

    /**
     * Exact Jaccard similarity of two documents' sets of {@code shingle}-word shingles, computed on the vocabulary
     * indices with string sets: the benchmark's ground truth, independent of the hashing the indexes use.
     */
    public double jaccard(long a, long b, int shingle) {
        Set<String> x = shingles(words(a), shingle);
        Set<String> y = shingles(words(b), shingle);
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        int union = x.size() + y.size() - common.size();
        return union == 0 ? 1 : (double) common.size() / union;
    }

    private static Set<String> shingles(int[] words, int n) {
        Set<String> shingles = new HashSet<>();
        if (words.length < n) {
            shingles.add(Arrays.toString(words));
            return shingles;
        }
        for (int i = 0; i + n <= words.length; i++) {
            shingles.add(Arrays.toString(Arrays.copyOfRange(words, i, i + n)));
        }
        return shingles;
    }

    private SplittableRandom random(long i) {
        return new SplittableRandom(Hash64.mix(seed * 0x9e3779b97f4a7c15L + i));
    }

    private static Role role(long i, SplittableRandom random) {
        int draw = random.nextInt(1000);
        if (i < ORIGINAL_PREFIX) {
            return Role.ORIGINAL;
        }
        if (draw < 50) {
            return Role.NEAR_COPY;
        }
        if (draw < 70) {
            return Role.DECOY;
        }
        if (draw < 80) {
            return Role.EXACT_COPY;
        }
        return draw < 90 ? Role.CONTAMINATED : Role.ORIGINAL;
    }

    /** An earlier original: uniform over earlier documents, redrawn when it is not an original. */
    private int pickSource(long i, SplittableRandom random) {
        while (true) {
            int j = random.nextInt((int) i);
            if (role(j) == Role.ORIGINAL) {
                return j;
            }
        }
    }

    private int[] words(long i, SplittableRandom random, Role role) {
        return switch (role) {
            case ORIGINAL -> draw(random, 150 + random.nextInt(101));
            case NEAR_COPY -> edited(words(pickSource(i, random)), random, 1 + random.nextInt(3), false);
            case DECOY -> edited(words(pickSource(i, random)), random, 8 + random.nextInt(7), true);
            case EXACT_COPY -> words(pickSource(i, random));
            case CONTAMINATED -> {
                int[] own = draw(random, 150 + random.nextInt(101));
                int[] eval = evaluation[random.nextInt(evaluation.length)];
                int length = Math.min(eval.length, ngram + random.nextInt(8));
                int from = random.nextInt(eval.length - length + 1);
                int at = random.nextInt(own.length + 1);
                int[] out = new int[own.length + length];
                System.arraycopy(own, 0, out, 0, at);
                System.arraycopy(eval, from, out, at, length);
                System.arraycopy(own, at, out, at + length, own.length - at);
                yield out;
            }
        };
    }

    private int[] draw(SplittableRandom random, int count) {
        int[] words = new int[count];
        for (int w = 0; w < count; w++) {
            words[w] = zipf[random.nextInt(ZIPF_TABLE)];
        }
        return words;
    }

    /** {@code edits} word edits; only substitutions when {@code substitutionsOnly}. Each edit changes the sequence. */
    private int[] edited(int[] source, SplittableRandom random, int edits, boolean substitutionsOnly) {
        int[] words = source.clone();
        int length = words.length;
        for (int e = 0; e < edits; e++) {
            int kind = substitutionsOnly ? 0 : random.nextInt(3);
            int at = random.nextInt(length);
            if (kind == 0) {
                int replacement = zipf[random.nextInt(ZIPF_TABLE)];
                words[at] = replacement == words[at] ? (replacement + 1) % VOCABULARY : replacement;
            } else if (kind == 1) {
                words = Arrays.copyOf(words, Math.max(words.length, length + 1));
                System.arraycopy(words, at, words, at + 1, length - at);
                words[at] = zipf[random.nextInt(ZIPF_TABLE)];
                length++;
            } else {
                System.arraycopy(words, at + 1, words, at, length - at - 1);
                length--;
            }
        }
        return Arrays.copyOf(words, length);
    }

    /** Sentences of 8 to 20 words, capitalised, ending in a full stop; shouted with "!" and double spaces for exact copies. */
    private String render(int[] words, SplittableRandom random, boolean shouted) {
        StringBuilder text = new StringBuilder(words.length * 8);
        int sentenceLeft = 0;
        for (int w = 0; w < words.length; w++) {
            String word = vocabulary[words[w]];
            if (sentenceLeft == 0) {
                if (w > 0) {
                    text.append(shouted ? "!  " : ". ");
                }
                sentenceLeft = 8 + random.nextInt(13);
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            } else {
                text.append(shouted ? "  " : " ");
            }
            text.append(shouted ? word.toUpperCase(Locale.ROOT) : word);
            sentenceLeft--;
        }
        return text.append(shouted ? "!" : ".").toString();
    }

    /** Word k (from 1) as its base-20 digits spelled with two-letter syllables: distinct numbers, distinct words. */
    private static String word(int k) {
        StringBuilder word = new StringBuilder();
        while (k > 0) {
            word.append(SYLLABLES[k % SYLLABLES.length]);
            k /= SYLLABLES.length;
        }
        return word.toString();
    }
}
