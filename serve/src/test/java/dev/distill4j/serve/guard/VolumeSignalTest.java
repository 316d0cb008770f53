package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VolumeSignalTest {
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    /** One hour windows; 600 requests an hour (one every 6 s, all hour) is more than any single chat user sends. */
    final VolumeSignal signal = new VolumeSignal(HOUR, 600, 24 * HOUR);

    @Test
    void should_score_a_key_hammering_the_api_near_1() {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            times.add(i * 1_000L); // one a second for 50 minutes
        }
        assertThat(signal.score(times, 3_000_000)).isGreaterThan(0.99);
    }

    @Test
    void should_score_a_steady_heavy_user_below_a_half_and_a_light_one_near_0() {
        Random random = new Random(5);
        List<Long> heavy = new ArrayList<>();
        List<Long> light = new ArrayList<>();
        for (long t = 0; t < 7 * 24 * HOUR; t += 20_000 + random.nextInt(20_000)) {
            heavy.add(t); // about 120 an hour, for a week
        }
        for (long t = 0; t < 7 * 24 * HOUR; t += 5 * MINUTE + random.nextInt((int) (20 * MINUTE))) {
            light.add(t);
        }
        long now = 7 * 24 * HOUR;
        assertThat(signal.score(heavy, now)).isLessThan(0.2);
        assertThat(signal.score(light, now)).isLessThan(0.02);
    }

    @Test
    void should_score_a_sudden_rise_over_a_keys_own_history() {
        List<Long> times = new ArrayList<>();
        for (long t = 0; t < 48 * HOUR; t += 10 * MINUTE) {
            times.add(t); // 6 an hour for two days
        }
        long now = 49 * HOUR;
        for (long t = 48 * HOUR; t < now; t += 30_000) {
            times.add(t); // then 120 in the last hour: 20x its own rate, still under the absolute ceiling
        }
        double score = signal.score(times, now);
        assertThat(score).isGreaterThan(0.8);
        // Without the history the absolute part alone sees 120 of 600.
        assertThat(signal.score(times.subList(288, times.size()), now)).isLessThan(0.1);
    }

    @Test
    void should_be_0_without_requests_and_a_half_at_the_ceiling_and_refuse_a_bad_window() {
        assertThat(signal.score(List.of(), 0)).isZero();
        List<Long> atCeiling = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            atCeiling.add(1L + i);
        }
        assertThat(signal.score(atCeiling, 1_000)).isCloseTo(0.5, within(1e-9));
        assertThatThrownBy(() -> new VolumeSignal(0, 1, 0)).hasMessageContaining("window");
    }
}
