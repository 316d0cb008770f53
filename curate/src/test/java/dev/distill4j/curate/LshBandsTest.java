package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LshBandsTest {
    @Test
    void should_band_a_threshold_of_0_8_into_12_bands_of_5_rows() {
        // rows 6 would need ln(0.01) / ln(1 - 0.8^6) = 15.1 bands, over the cap of 12; rows 5 needs 11.6, so 12.
        LshBands bands = LshBands.forThreshold(0.8);
        assertThat(bands).isEqualTo(new LshBands(12, 5));
        // 1 - (1 - 0.8^5)^12 = 1 - 0.67232^12
        assertThat(bands.candidateProbability(0.8)).isCloseTo(0.99147, within(1e-4));
        assertThat(bands.candidateProbability(0.5)).isCloseTo(1 - Math.pow(1 - 1 / 32.0, 12), within(1e-12));
    }

    @Test
    void should_make_pairs_at_any_threshold_candidates_with_probability_0_99() {
        for (int percent = 5; percent <= 100; percent += 5) {
            double threshold = percent / 100.0;
            LshBands bands = LshBands.forThreshold(threshold);
            assertThat(bands.candidateProbability(threshold)).as("threshold %s -> %s", threshold, bands).isGreaterThanOrEqualTo(0.99);
            if (threshold >= 0.35) {
                assertThat(bands.bands()).as("threshold %s", threshold).isLessThanOrEqualTo(12);
            }
        }
    }
}
