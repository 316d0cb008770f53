package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {
    private final SyntheticCorpus corpus = new SyntheticCorpus(42, 13, 50);

    @Test
    void should_plant_near_copies_at_jaccard_0_8_or_more_and_decoys_below() {
        Map<SyntheticCorpus.Role, Integer> roles = new EnumMap<>(SyntheticCorpus.Role.class);
        int decoysAbove = 0;
        for (int i = 0; i < 6000; i++) {
            SyntheticCorpus.Role role = corpus.role(i);
            roles.merge(role, 1, Integer::sum);
            if (role == SyntheticCorpus.Role.NEAR_COPY || role == SyntheticCorpus.Role.DECOY) {
                int source = corpus.source(i);
                assertThat(corpus.role(source)).isEqualTo(SyntheticCorpus.Role.ORIGINAL);
                // The corpus's own ground truth (vocabulary indices) and the text-level reference agree.
                double truth = corpus.jaccard(i, source, 5);
                assertThat(ReferenceText.jaccard(corpus.text(i), corpus.text(source), 5)).isCloseTo(truth, within(1e-12));
                if (role == SyntheticCorpus.Role.NEAR_COPY) {
                    assertThat(truth).isGreaterThanOrEqualTo(0.8).isLessThan(1.0);
                } else {
                    decoysAbove += truth >= 0.8 ? 1 : 0;
                }
            }
            if (role == SyntheticCorpus.Role.EXACT_COPY) {
                assertThat(Words.normalise(corpus.text(i))).isEqualTo(Words.normalise(corpus.text(corpus.source(i))));
                assertThat(corpus.text(i)).isNotEqualTo(corpus.text(corpus.source(i)));
            }
        }
        // 5,000 documents past the all-original prefix: about 250 near copies, 100 decoys, 50 each of the rest.
        assertThat(roles.get(SyntheticCorpus.Role.NEAR_COPY)).isBetween(190, 310);
        assertThat(roles.get(SyntheticCorpus.Role.DECOY)).isBetween(60, 140);
        assertThat(roles.get(SyntheticCorpus.Role.CONTAMINATED)).isBetween(25, 75);
        assertThat(decoysAbove).isLessThan(3);
    }

    @Test
    void should_write_the_same_document_every_time_it_is_read() {
        assertThat(corpus.text(4321)).isEqualTo(new SyntheticCorpus(42, 13, 50).text(4321));
        assertThat(corpus.text(4321)).isNotEqualTo(corpus.text(4322));
        assertThat(ReferenceText.words(corpus.text(10)).size()).isBetween(150, 250);
    }

    @Test
    void should_plant_a_span_of_an_evaluation_text_of_at_least_13_words_in_contaminated_documents() {
        int checked = 0;
        for (int i = 1000; i < 5000 && checked < 20; i++) {
            if (corpus.role(i) == SyntheticCorpus.Role.CONTAMINATED) {
                String text = Words.normalise(corpus.text(i));
                boolean found = false;
                for (int e = 0; e < corpus.evaluationTexts() && !found; e++) {
                    for (String gram : ReferenceText.grams(corpus.evaluationText(e), 13)) {
                        found |= (" " + text + " ").contains(" " + gram + " ");
                    }
                }
                assertThat(found).as("document %d", i).isTrue();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(20);
    }
}
