package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {
    private static final double THRESHOLD = 0.8;
    private static final int SHINGLE = 5;

    @Test
    void should_find_the_pairs_a_naive_all_pairs_jaccard_finds_with_recall_095_and_no_false_pair() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            bases.add(SyntheticTexts.text(random, 150 + random.nextInt(100), 5000));
        }
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String base = bases.get(random.nextInt(bases.size()));
            // 0 to 14 substitutions on about 200 words: Jaccard from 1 down to about 0.5, many close to 0.8 on both sides.
            probes.add(i % 8 == 0 ? SyntheticTexts.text(random, 200, 5000) : SyntheticTexts.substituted(random, base, random.nextInt(15)));
        }
        NearDuplicateIndex index = NearDuplicateIndex.forThreshold(THRESHOLD, SHINGLE, 5, KeptTexts.inMemory());
        for (int id = 0; id < bases.size(); id++) {
            index.add(id, index.probe(bases.get(id)));
        }

        int truePairs = 0;
        int found = 0;
        int hardNegatives = 0;
        List<java.util.Set<String>> baseGrams = bases.stream().map(base -> ReferenceText.grams(base, SHINGLE)).toList();
        for (String probe : probes) {
            java.util.Set<String> probeGrams = ReferenceText.grams(probe, SHINGLE);
            double best = 0;
            for (java.util.Set<String> grams : baseGrams) {
                best = Math.max(best, ReferenceText.jaccard(probeGrams, grams));
            }
            NearDuplicateIndex.Probe result = index.probe(probe);
            if (result.isDuplicate()) {
                // Precision: every reported pair is at or above the threshold by the string-set reference.
                assertThat(ReferenceText.jaccard(probe, bases.get(result.duplicateOf()), SHINGLE)).isGreaterThanOrEqualTo(THRESHOLD);
            }
            if (best >= THRESHOLD) {
                truePairs++;
                found += result.isDuplicate() ? 1 : 0;
            } else {
                assertThat(result.isDuplicate()).isFalse();
                hardNegatives += best >= 0.5 ? 1 : 0;
            }
        }
        assertThat(truePairs).as("the corpus must hold pairs to find").isGreaterThan(100);
        assertThat(hardNegatives).as("and pairs just below the threshold").isGreaterThan(50);
        assertThat((double) found / truePairs).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void should_verify_candidates_on_texts_read_back_rather_than_held() {
        SplittableRandom random = new SplittableRandom(3);
        List<String> corpus = new ArrayList<>();
        String source = SyntheticTexts.text(random, 200, 5000);
        corpus.add(source);
        corpus.add(SyntheticTexts.text(random, 200, 5000));
        List<Integer> readBack = new ArrayList<>();
        NearDuplicateIndex index = NearDuplicateIndex.forThreshold(THRESHOLD, SHINGLE, 5, KeptTexts.readBack(id -> {
            readBack.add(id);
            return corpus.get(id);
        }));
        index.add(0, index.probe(corpus.get(0)));
        index.add(1, index.probe(corpus.get(1)));

        NearDuplicateIndex.Probe copy = index.probe(SyntheticTexts.substituted(random, source, 1));

        assertThat(copy.duplicateOf()).isZero();
        assertThat(copy.jaccard()).isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(readBack).containsExactly(0);
        assertThat(index.verifications()).isEqualTo(1);
    }

    @Test
    void should_hold_about_twelve_band_entries_per_document_whatever_its_length() {
        NearDuplicateIndex shortDocs = NearDuplicateIndex.forThreshold(THRESHOLD, SHINGLE, 5, KeptTexts.readBack(id -> ""));
        NearDuplicateIndex longDocs = NearDuplicateIndex.forThreshold(THRESHOLD, SHINGLE, 5, KeptTexts.readBack(id -> ""));
        SplittableRandom random = new SplittableRandom(5);
        for (int id = 0; id < 5000; id++) {
            shortDocs.add(id, shortDocs.probe(SyntheticTexts.text(random, 20, 100_000)));
            longDocs.add(id, longDocs.probe(SyntheticTexts.text(random, 1000, 100_000)));
        }
        assertThat(longDocs.bytes()).isEqualTo(shortDocs.bytes());
        // 12 tables, each grown to 16,384 slots of 8 bytes for 5,000 entries at most 60% full.
        assertThat(longDocs.bytes()).isEqualTo(12L * 16_384 * 8);
    }
}
