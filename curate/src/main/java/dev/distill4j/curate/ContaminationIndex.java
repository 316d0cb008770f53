package dev.distill4j.curate;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Decontamination against evaluation sets by word n-gram overlap, as GPT-3 did (Brown et al. 2020, appendix C):
 * a training text is contaminated when it shares at least {@code minOverlap} distinct word n-grams with an
 * evaluation text. Words are those of {@link Words}, so case and punctuation do not hide an overlap.
 *
 * <p>An n-gram found in two or more different evaluation texts is a template, not the content of an item, and does not
 * count: task families write every prompt from a few templates ("Extract the booking details from the text below.
 * Return a JSON object with fields ..."), and without this rule every training example written from the same template
 * would be dropped. An item copied into training data still shares the grams that are its own (its numbers, names,
 * sentences). Evaluation texts that are exact duplicates of each other (after {@link Words} normalisation) are
 * indexed once, so a repeated item keeps its grams.
 *
 * <p>The index holds the hashed n-grams of the evaluation texts only (8 to 16 bytes each, twice over for the
 * template rule), never the training corpus, which streams through {@link #sharedNgrams(String)}. An evaluation text shorter than n words is indexed
 * whole, as one gram of its own length, so a short item is still caught when a training text contains it verbatim
 * (windows of each such length are then checked too); index the evaluation prompts, not bare one-word answers.
 */
public final class ContaminationIndex {
    private final int n;
    private final int minOverlap;
    private final LongHashSet grams = new LongHashSet();
    private final LongHashSet templateGrams = new LongHashSet();
    private final ExactDuplicateIndex texts = new ExactDuplicateIndex();
    private final TreeSet<Integer> lengths = new TreeSet<>();
    private int evaluationTexts;

    /**
     * @param n          words per gram (13 by default in {@code curation.ngram})
     * @param minOverlap distinct shared grams that make a text contaminated ({@code curation.min_overlap})
     */
    public ContaminationIndex(int n, int minOverlap) {
        if (n < 1) {
            throw new IllegalArgumentException("field 'ngram': expected an integer >= 1, got " + n);
        }
        if (minOverlap < 1) {
            throw new IllegalArgumentException("field 'min_overlap': expected an integer >= 1, got " + minOverlap);
        }
        this.n = n;
        this.minOverlap = minOverlap;
    }

    /** Indexes the n-grams of one evaluation text. */
    public ContaminationIndex addEvaluationText(String text) {
        long[] words = Words.hashes(text);
        evaluationTexts++;
        long key = Hash64.sequence(words, 0, words.length);
        if (words.length == 0 || texts.contains(key)) {
            return this;
        }
        texts.add(key);
        int length = Math.min(n, words.length);
        lengths.add(length);
        LongHashSet own = new LongHashSet(words.length);
        for (int i = 0; i + length <= words.length; i++) {
            long gram = Hash64.sequence(words, i, length);
            if (own.add(gram) && !grams.add(gram)) {
                templateGrams.add(gram);
            }
        }
        return this;
    }

    /** The number of distinct grams {@code text} shares with the evaluation texts. */
    public int sharedNgrams(String text) {
        return count(Words.hashes(text), Integer.MAX_VALUE);
    }

    /** True when {@code text} shares at least {@code minOverlap} distinct grams; stops counting there. */
    public boolean isContaminated(String text) {
        return isContaminated(Words.hashes(text));
    }

    /** {@link #isContaminated(String)} for text already split into {@link Words#hashes word hashes}. */
    boolean isContaminated(long[] words) {
        return count(words, minOverlap) >= minOverlap;
    }

    public int ngram() {
        return n;
    }

    public int minOverlap() {
        return minOverlap;
    }

    /** Evaluation texts indexed. */
    public int evaluationTexts() {
        return evaluationTexts;
    }

    /** Distinct grams that count: those of exactly one evaluation text. */
    public int size() {
        return grams.size() - templateGrams.size();
    }

    public long bytes() {
        return grams.bytes() + templateGrams.bytes() + texts.bytes();
    }

    private int count(long[] words, int enough) {
        if (grams.size() == 0) {
            return 0;
        }
        long[] shared = new long[4];
        int count = 0;
        for (int length : lengths) {
            for (int i = 0; i + length <= words.length; i++) {
                long gram = Hash64.sequence(words, i, length);
                if (grams.contains(gram) && !templateGrams.contains(gram) && !contains(shared, count, gram)) {
                    if (count == shared.length) {
                        shared = Arrays.copyOf(shared, count * 2);
                    }
                    shared[count++] = gram;
                    if (count >= enough) {
                        return count;
                    }
                }
            }
        }
        return count;
    }

    private static boolean contains(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }
}
