package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ContaminationIndexTest {
    @Test
    void should_count_distinct_shared_trigrams_as_worked_out_by_hand() {
        ContaminationIndex index = new ContaminationIndex(3, 1).addEvaluationText("The quick brown fox jumps.");
        // Shared: "quick brown fox" and "brown fox jumps"; "a quick brown" and "fox jumps high" are not eval trigrams.
        assertThat(index.sharedNgrams("A QUICK brown fox! jumps high")).isEqualTo(2);
        // Repeating a shared trigram does not count it twice.
        assertThat(index.sharedNgrams("quick brown fox and quick brown fox")).isEqualTo(1);
        assertThat(index.sharedNgrams("the quick brown dog")).isEqualTo(1);
        assertThat(index.sharedNgrams("quick brown")).isZero();
    }

    @Test
    void should_drop_only_at_the_minimum_overlap() {
        ContaminationIndex atTwo = new ContaminationIndex(3, 2).addEvaluationText("the quick brown fox jumps");
        assertThat(atTwo.isContaminated("so the quick brown cat")).isFalse();
        assertThat(atTwo.isContaminated("so the quick brown fox")).isTrue();
    }

    @Test
    void should_catch_an_evaluation_text_shorter_than_n_when_it_appears_whole() {
        ContaminationIndex index = new ContaminationIndex(13, 1).addEvaluationText("What is 17 * 3?");
        assertThat(index.isContaminated("Q: what is 17 3? A: 51")).isTrue();
        assertThat(index.isContaminated("what is 17 4")).isFalse();
    }

    @Test
    void should_agree_with_a_naive_set_intersection_on_random_texts() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 3;
        List<String> evaluation = new ArrayList<>();
        ContaminationIndex index = new ContaminationIndex(n, 1);
        for (int i = 0; i < 40; i++) {
            String text = SyntheticTexts.text(random, i % 10 == 0 ? 2 : 10 + random.nextInt(20), 40);
            evaluation.add(text);
            index.addEvaluationText(text);
            if (i % 13 == 0) {
                evaluation.add(text);
                index.addEvaluationText(text.toUpperCase(java.util.Locale.ROOT) + "!");
            }
        }
        // The naive reference: every gram of exactly one distinct eval text, as a string; each gram length an eval text has.
        Map<String, Integer> textsPerGram = new HashMap<>();
        TreeSet<Integer> lengths = new TreeSet<>();
        for (String text : new LinkedHashSet<>(evaluation)) {
            List<String> words = ReferenceText.words(text);
            lengths.add(Math.min(n, words.size()));
            ReferenceText.grams(text, n).forEach(gram -> textsPerGram.merge(gram, 1, Integer::sum));
        }
        Set<String> evalGrams = new HashSet<>();
        textsPerGram.forEach((gram, texts) -> {
            if (texts == 1) {
                evalGrams.add(gram);
            }
        });
        assertThat(evalGrams.size()).as("some grams are shared between eval texts, most not").isBetween(100, textsPerGram.size() - 1);
        int contaminatedTexts = 0;
        for (int t = 0; t < 300; t++) {
            String text = SyntheticTexts.text(random, 30, 40);
            Set<String> shared = new HashSet<>();
            for (int length : lengths) {
                Set<String> windows = ReferenceText.grams(text, length);
                windows.retainAll(evalGrams);
                shared.addAll(windows);
            }
            assertThat(index.sharedNgrams(text)).as(text).isEqualTo(shared.size());
            contaminatedTexts += shared.isEmpty() ? 0 : 1;
        }
        assertThat(contaminatedTexts).as("the random texts must overlap sometimes, and not always").isBetween(30, 270);
    }

    @Test
    void should_not_count_a_template_that_several_evaluation_texts_share() {
        String template = "Extract the booking details from the text below and return a JSON object with these fields.";
        ContaminationIndex index = new ContaminationIndex(13, 1)
                .addEvaluationText(template + " Text: Lucas Fischer booked Hotel Nordlicht for two from 22 March to 4 April 2020.")
                .addEvaluationText(template + " Text: Chen Wilson booked Riverside Suites for one from 2 November to 13 November.");
        // A training prompt from the same template with its own text shares only template grams.
        assertThat(index.sharedNgrams(template + " Text: Ada Lovelace booked the Savoy for three from 1 May to 9 May.")).isZero();
        // One that carries an eval item's own text shares grams that are that item's alone.
        assertThat(index.isContaminated("Text: Lucas Fischer booked Hotel Nordlicht for two from 22 March to 4 April 2020.")).isTrue();
    }

    @Test
    void should_refuse_an_overlap_below_one() {
        assertThatThrownBy(() -> new ContaminationIndex(13, 0)).hasMessage("field 'min_overlap': expected an integer >= 1, got 0");
    }
}
