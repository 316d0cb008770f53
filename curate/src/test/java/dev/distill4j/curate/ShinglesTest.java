package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShinglesTest {
    @Test
    void should_measure_jaccard_of_word_bigrams_as_worked_out_by_hand() {
        // {a b, b c, c d, d e} and {a b, b c, c d, d f}: 3 shared of 5 distinct.
        double jaccard = Shingles.jaccard(Shingles.of("a b c d e", 2), Shingles.of("A, b c d f", 2));
        assertThat(jaccard).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void should_count_a_repeated_shingle_once() {
        // "a b a b a b" has the bigrams {a b, b a}.
        assertThat(Shingles.of("a b a b a b", 2)).hasSize(2);
    }

    @Test
    void should_compare_texts_shorter_than_a_shingle_by_equality() {
        assertThat(Shingles.jaccard(Shingles.of("Yes.", 5), Shingles.of("yes", 5))).isEqualTo(1.0);
        assertThat(Shingles.jaccard(Shingles.of("yes", 5), Shingles.of("no", 5))).isZero();
        assertThat(Shingles.of("", 5)).isEmpty();
    }

    @Test
    void should_agree_with_a_string_set_reference_on_random_texts() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            String a = randomText(random, 5 + random.nextInt(60));
            String b = random.nextBoolean() ? randomText(random, 5 + random.nextInt(60)) : a.replaceFirst("w\\d+", "w0 w1");
            int n = 1 + random.nextInt(5);
            assertThat(Shingles.jaccard(Shingles.of(a, n), Shingles.of(b, n)))
                    .as("%s | %s", a, b).isCloseTo(ReferenceText.jaccard(a, b, n), within(1e-12));
        }
    }

    static String randomText(SplittableRandom random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append('w').append(random.nextInt(12));
        }
        return text.toString();
    }
}
