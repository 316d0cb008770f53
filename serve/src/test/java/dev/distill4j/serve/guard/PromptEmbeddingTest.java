package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Feature-hashed prompt embeddings: unit length, deterministic, and closer for prompts of one template. */
class PromptEmbeddingTest {
    @Test
    void should_have_unit_length_and_the_asked_dimensions() {
        for (String text : new String[] {"a", "What is 37 + 52? Show your work.", "Écris un courriel à Zoë, s'il te plaît 🙂"}) {
            float[] vector = PromptEmbedding.of(text, 64);
            assertThat(vector).hasSize(64);
            assertThat(norm(vector)).as(text).isCloseTo(1.0, within(1e-6));
        }
        assertThat(PromptEmbedding.of("Plan a trip to Lisbon.")).hasSize(PromptEmbedding.DEFAULT_DIMENSIONS);
    }

    @Test
    void should_give_the_zero_vector_for_text_without_features() {
        assertThat(PromptEmbedding.of("", 32)).containsOnly(0f).hasSize(32);
        assertThat(PromptEmbedding.of(" \n\t ", 32)).containsOnly(0f);
    }

    @Test
    void should_give_the_same_vector_for_the_same_text_and_ignore_case() {
        String text = "Write a polite email to my landlord about the broken heater.";
        assertThat(PromptEmbedding.of(text)).containsExactly(PromptEmbedding.of(text));
        assertThat(PromptEmbedding.of(text.toUpperCase(Locale.ROOT))).containsExactly(PromptEmbedding.of(text));
    }

    @Test
    void should_put_prompts_of_one_template_closer_than_unrelated_prompts() {
        float[] a = PromptEmbedding.of("What is 37 + 52? Show your work.");
        float[] b = PromptEmbedding.of("What is 908 + 11? Show your work.");
        float[] cooking = PromptEmbedding.of("How long should I roast a whole chicken at 200 degrees?");
        float[] travel = PromptEmbedding.of("Suggest a three-day itinerary for Kyoto in autumn.");
        double sameTemplate = cosine(a, b);
        assertThat(sameTemplate).isGreaterThan(0.5)
                .isGreaterThan(cosine(a, cooking) + 0.3)
                .isGreaterThan(cosine(a, travel) + 0.3)
                .isGreaterThan(cosine(cooking, travel) + 0.3);
    }

    /**
     * The hash and the whole pipeline pinned to values computed outside Java (python3: FNV-1a 64 over the UTF-8
     * bytes, then murmur3 fmix64; features, buckets, signs, 1 + ln(tf) and the norm re-implemented with numpy), so
     * a change of hash, tokenisation or weighting, which would silently invalidate stored calibrations, fails here.
     */
    @Test
    void should_match_vectors_computed_independently() {
        assertThat(PromptEmbedding.hash64(new byte[0])).isEqualTo(-1166397803181037274L);
        assertThat(PromptEmbedding.hash64("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(-9033471704281723301L);
        assertThat(PromptEmbedding.hash64("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1601765511430786492L);
        assertThat(PromptEmbedding.hash64("w:hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(7504574744480922307L);

        // "2" occurs twice, so its unigram weighs 1 + ln 2.
        float[] expected = {-0.13968192f, 0.13968192f, 0.13968192f, 0.13968192f, -0.27936384f, 0f, 0.37618396f, 0f,
                -0.13968192f, 0f, 0.55872768f, -0.13968192f, 0.13968192f, -0.13968192f, -0.55872768f, 0f};
        assertThat(PromptEmbedding.of("What is 2 + 2? Show your work.", 16)).containsExactly(expected, within(1e-6f));
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double cosine(float[] a, float[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
