package dev.distill4j.curate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random texts for the index tests: words w0..w(V-1), and copies with a given number of word substitutions. */
final class SyntheticTexts {
    private SyntheticTexts() {}

    static List<String> words(SplittableRandom random, int count, int vocabulary) {
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add("w" + random.nextInt(vocabulary));
        }
        return words;
    }

    static String text(SplittableRandom random, int count, int vocabulary) {
        return String.join(" ", words(random, count, vocabulary));
    }

    /** {@code source} with {@code substitutions} words replaced by words outside the vocabulary (so each is a change). */
    static String substituted(SplittableRandom random, String source, int substitutions) {
        List<String> words = new ArrayList<>(List.of(source.split(" ")));
        for (int s = 0; s < substitutions; s++) {
            words.set(random.nextInt(words.size()), "x" + random.nextInt(1_000_000));
        }
        return String.join(" ", words);
    }
}
