package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class PromptSketchTest {
    /** Words w{from} .. w{to - 1}, all distinct, so shingle sets have no duplicates to think about. */
    private static String words(int from, int to) {
        StringJoiner text = new StringJoiner(" ");
        for (int i = from; i < to; i++) {
            text.add("w" + i);
        }
        return text.toString();
    }

    /** The exact Jaccard similarity of two texts' 3-word shingle sets, by plain set arithmetic on space-split words. */
    private static double exactJaccard(String a, String b) {
        Set<String> sa = shingles(a);
        Set<String> sb = shingles(b);
        Set<String> intersection = new HashSet<>(sa);
        intersection.retainAll(sb);
        Set<String> union = new HashSet<>(sa);
        union.addAll(sb);
        return (double) intersection.size() / union.size();
    }

    private static Set<String> shingles(String text) {
        String[] w = text.split(" ");
        Set<String> shingles = new HashSet<>();
        for (int i = 0; i + 3 <= w.length; i++) {
            shingles.add(w[i] + " " + w[i + 1] + " " + w[i + 2]);
        }
        return shingles;
    }

    @Test
    void should_estimate_one_for_identical_texts_and_zero_for_disjoint_ones() {
        String text = words(0, 50);
        assertThat(PromptSketch.of(text).jaccard(PromptSketch.of(text))).isEqualTo(1.0);
        assertThat(PromptSketch.of(text).jaccard(PromptSketch.of(words(100, 150)))).isEqualTo(0.0);
        assertThat(exactJaccard(text, words(100, 150))).isEqualTo(0.0);
    }

    @Test
    void should_estimate_half_overlap_within_the_minhash_error_at_64_and_512_hashes() {
        // Texts sharing half their words: 200 words each, 100 in common, so 98 of 198 shingles each are shared
        // and the exact Jaccard is 98 / 298 = 0.329. A second pair shares three quarters: 148 / 248 = 0.597.
        String a = words(0, 200);
        String b = words(100, 300);
        String c = words(0, 200);
        String d = words(50, 250);
        double exactAb = exactJaccard(a, b);
        double exactCd = exactJaccard(c, d);
        assertThat(exactAb).isCloseTo(98.0 / 298.0, within(1e-12));
        assertThat(exactCd).isCloseTo(148.0 / 248.0, within(1e-12));

        for (long seed : new long[] {1, 2, 3}) {
            assertThat(PromptSketch.of(a, 3, 64, seed).jaccard(PromptSketch.of(b, 3, 64, seed))).isCloseTo(exactAb, within(0.15));
            assertThat(PromptSketch.of(c, 3, 64, seed).jaccard(PromptSketch.of(d, 3, 64, seed))).isCloseTo(exactCd, within(0.15));
            assertThat(PromptSketch.of(a, 3, 512, seed).jaccard(PromptSketch.of(b, 3, 512, seed))).isCloseTo(exactAb, within(0.05));
            assertThat(PromptSketch.of(c, 3, 512, seed).jaccard(PromptSketch.of(d, 3, 512, seed))).isCloseTo(exactCd, within(0.05));
        }
    }

    @Test
    void should_be_unbiased_on_average_over_seeds() {
        // Mean of 40 independent 64-hash estimates: standard error sqrt(J(1-J)/64/40) ~ 0.0093.
        String a = words(0, 120);
        String b = words(40, 160);
        double exact = exactJaccard(a, b);
        double sum = 0;
        for (long seed = 0; seed < 40; seed++) {
            sum += PromptSketch.of(a, 3, 64, seed).jaccard(PromptSketch.of(b, 3, 64, seed));
        }
        assertThat(sum / 40).isCloseTo(exact, within(0.03));
    }

    @Test
    void should_give_the_same_sketch_for_the_same_words_whatever_case_spacing_and_punctuation() {
        PromptSketch sketch = PromptSketch.of("What is the capital of France?");
        assertThat(PromptSketch.of("What is the capital of France?")).isEqualTo(sketch).hasSameHashCodeAs(sketch);
        assertThat(PromptSketch.of("  what IS the\tcapital, of\n france ")).isEqualTo(sketch);
        assertThat(PromptSketch.of("What is the capital of Spain?")).isNotEqualTo(sketch);
        assertThat(sketch.size()).isEqualTo(64);
        assertThat(sketch.shingleWords()).isEqualTo(3);
    }

    @Test
    void should_use_the_whole_text_as_one_shingle_when_it_has_fewer_words_than_a_shingle() {
        // The shingles are curation's: one of all the words when there are fewer than three, else every run of three.
        assertThat(dev.distill4j.curate.Shingles.of("Hello, world", 3)).hasSize(1).isEqualTo(dev.distill4j.curate.Shingles.of("hello world", 3));
        assertThat(dev.distill4j.curate.Shingles.of("a b c d", 3)).hasSize(2);
        assertThat(PromptSketch.of("hello world").jaccard(PromptSketch.of("HELLO   world!"))).isEqualTo(1.0);
        assertThat(PromptSketch.of("hello world").jaccard(PromptSketch.of("hello there"))).isEqualTo(0.0);
    }

    @Test
    void should_define_the_empty_sketch_as_equal_to_itself_and_sharing_nothing_with_text() {
        PromptSketch empty = PromptSketch.of("  ?! ");
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty).isEqualTo(PromptSketch.of(""));
        assertThat(empty.signature()).containsOnly(PromptSketch.EMPTY_MINIMUM);
        assertThat(empty.jaccard(PromptSketch.of(""))).isEqualTo(1.0);
        assertThat(empty.jaccard(PromptSketch.of("anything at all"))).isEqualTo(0.0);
        assertThat(PromptSketch.of("x").isEmpty()).isFalse();
    }

    @Test
    void should_keep_its_signature_immutable() {
        long[] minima = {5, 6, 7};
        PromptSketch sketch = new PromptSketch(minima, 3, 1);
        minima[0] = 99;
        sketch.signature()[1] = 99;
        assertThat(sketch.signature()).containsExactly(5, 6, 7);
        assertThat(sketch).isEqualTo(new PromptSketch(new long[] {5, 6, 7}, 3, 1));
    }

    @Test
    void should_refuse_to_compare_sketches_of_different_size_seed_or_shingles() {
        PromptSketch sketch = PromptSketch.of("one two three four", 3, 64, 1);
        assertThatThrownBy(() -> sketch.jaccard(PromptSketch.of("one two three four", 3, 128, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different sizes").hasMessageContaining("64 hashes vs 128");
        assertThatThrownBy(() -> sketch.jaccard(PromptSketch.of("one two three four", 3, 64, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different seeds");
        assertThatThrownBy(() -> sketch.jaccard(PromptSketch.of("one two three four", 2, 64, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shingleWords");
    }

    @Test
    void should_name_the_field_of_a_bad_argument() {
        assertThatThrownBy(() -> PromptSketch.of("x", 0, 64, 1)).hasMessageContaining("shingleWords must be >= 1");
        assertThatThrownBy(() -> PromptSketch.of("x", 3, 0, 1)).hasMessageContaining("hashes must be >= 1");
        assertThatThrownBy(() -> PromptSketch.of(null)).hasMessageContaining("text must not be null");
        assertThatThrownBy(() -> new PromptSketch(new long[0], 3, 1)).hasMessageContaining("signature");
    }
}
