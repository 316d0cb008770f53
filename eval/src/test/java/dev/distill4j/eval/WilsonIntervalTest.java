package dev.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    @Test
    void should_match_hand_computed_intervals() {
        // 8 of 10, z = 1.96: p = 0.8, z² = 3.8416; centre = (0.8 + 0.19208) / 1.38416 = 0.716738;
        // half = 1.96 / 1.38416 * sqrt(0.016 + 0.0096040) = 1.416021 * 0.160013 = 0.226581 -> [0.490157, 0.943319]
        WilsonInterval interval = WilsonInterval.of(8, 10, 1.96);
        assertThat(interval.low()).isCloseTo(0.490157, within(1e-5));
        assertThat(interval.high()).isCloseTo(0.943319, within(1e-5));
    }

    @Test
    void should_stay_inside_zero_and_one_at_the_extremes() {
        WilsonInterval none = WilsonInterval.of95(0, 50);
        assertThat(none.low()).isZero();
        // z² / (n + z²) = 3.841459 / 53.841459 = 0.071347
        assertThat(none.high()).isCloseTo(0.071347, within(1e-5));
        WilsonInterval all = WilsonInterval.of95(50, 50);
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(1 - 0.071347, within(1e-5));
    }
}
