package dev.distill4j.curate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Plain, slow reference implementations the tests hold the indexes to: words by a regular expression, shingles and
 * n-grams as strings in {@code HashSet}s, Jaccard and overlap by set operations. No hashing, nothing shared with
 * the code under test.
 */
final class ReferenceText {
    private ReferenceText() {}

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** Word n-grams as strings; a text shorter than n words is one gram of all its words. */
    static Set<String> grams(String text, int n) {
        List<String> words = words(text);
        Set<String> grams = new HashSet<>();
        if (words.isEmpty()) {
            return grams;
        }
        if (words.size() < n) {
            grams.add(String.join(" ", words));
            return grams;
        }
        for (int i = 0; i + n <= words.size(); i++) {
            grams.add(String.join(" ", words.subList(i, i + n)));
        }
        return grams;
    }

    static double jaccard(String a, String b, int shingle) {
        return jaccard(grams(a, shingle), grams(b, shingle));
    }

    static double jaccard(Set<String> x, Set<String> y) {
        if (x.isEmpty() && y.isEmpty()) {
            return 1;
        }
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        return (double) common.size() / (x.size() + y.size() - common.size());
    }
}
