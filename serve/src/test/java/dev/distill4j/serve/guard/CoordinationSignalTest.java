package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoordinationSignalTest {
    static final long MINUTE = 60_000;
    final CoordinationSignal signal = new CoordinationSignal(MINUTE, 3);

    @Test
    void should_score_keys_that_share_a_template_and_ask_in_step_high() {
        // One scheduler drives 10 keys through one template: bursts in the same minutes, quiet in the same minutes.
        Random random = new Random(1);
        Map<String, List<CoordinationSignal.Observation>> byKey = new HashMap<>();
        for (int k = 0; k < 10; k++) {
            List<CoordinationSignal.Observation> observations = new ArrayList<>();
            for (int minute = 0; minute < 120; minute++) {
                int count = (minute / 10) % 2 == 0 ? 3 : 0; // 10 minutes on, 10 off
                for (int i = 0; i < count; i++) {
                    observations.add(new CoordinationSignal.Observation(minute * MINUTE + random.nextInt(60_000), 42L));
                }
            }
            byKey.put("attacker-" + k, observations);
        }
        Map<String, Double> scores = signal.scores(byKey);
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isGreaterThan(0.8));
    }

    @Test
    void should_score_independent_users_of_a_popular_template_low() {
        // Ten people ask the same kind of question, each on their own schedule.
        Random random = new Random(2);
        Map<String, List<CoordinationSignal.Observation>> byKey = new HashMap<>();
        for (int k = 0; k < 10; k++) {
            List<CoordinationSignal.Observation> observations = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                long skeleton = random.nextInt(3) == 0 ? 42L : random.nextLong();
                observations.add(new CoordinationSignal.Observation((long) (random.nextDouble() * 120 * MINUTE), skeleton));
            }
            byKey.put("user-" + k, observations);
        }
        Map<String, Double> scores = signal.scores(byKey);
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isLessThan(0.1));
    }

    @Test
    void should_not_count_a_template_too_few_keys_share() {
        List<CoordinationSignal.Observation> same = List.of(new CoordinationSignal.Observation(0, 7L), new CoordinationSignal.Observation(MINUTE, 7L));
        Map<String, Double> scores = signal.scores(Map.of("a", same, "b", same, "c", same)); // 2 partners each, 3 needed
        assertThat(scores.values()).containsOnly(0.0);
    }

    @Test
    void should_compute_pearson_as_by_hand() {
        assertThat(CoordinationSignal.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6})).isCloseTo(1.0, within(1e-12));
        assertThat(CoordinationSignal.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isCloseTo(-1.0, within(1e-12));
        // Deviations from the means (0.5): a (.5, -.5, -.5, .5), b (.5, .5, -.5, -.5); products .25 - .25 + .25 - .25 = 0.
        assertThat(CoordinationSignal.pearson(new double[] {1, 0, 0, 1}, new double[] {1, 1, 0, 0})).isCloseTo(0.0, within(1e-12));
        assertThat(CoordinationSignal.pearson(new double[] {1, 1}, new double[] {1, 2})).isZero();
    }

    @Test
    void should_equal_the_naive_mean_of_pairwise_correlations() {
        // The signal sums standardised series; the reference correlates every pair by hand over the same buckets.
        Random random = new Random(3);
        Map<String, List<CoordinationSignal.Observation>> byKey = new HashMap<>();
        for (int k = 0; k < 6; k++) {
            List<CoordinationSignal.Observation> observations = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                observations.add(new CoordinationSignal.Observation((long) (random.nextDouble() * 30 * MINUTE) + (k % 2) * 5 * MINUTE, 42L));
            }
            byKey.put("key-" + k, observations);
        }
        long from = byKey.values().stream().flatMap(List::stream).mapToLong(CoordinationSignal.Observation::atMillis).min().orElseThrow();
        long to = byKey.values().stream().flatMap(List::stream).mapToLong(CoordinationSignal.Observation::atMillis).max().orElseThrow();
        int buckets = (int) ((to - from) / MINUTE + 1);
        Map<String, double[]> counts = new HashMap<>();
        byKey.forEach((key, observations) -> {
            double[] series = new double[buckets];
            observations.forEach(o -> series[(int) ((o.atMillis() - from) / MINUTE)]++);
            counts.put(key, series);
        });
        Map<String, Double> scores = signal.scores(byKey);
        for (String key : byKey.keySet()) {
            double sum = 0;
            for (String other : byKey.keySet()) {
                if (!other.equals(key)) {
                    sum += CoordinationSignal.pearson(counts.get(key), counts.get(other));
                }
            }
            assertThat(scores.get(key)).isCloseTo(Math.max(0, sum / 5), within(1e-9));
        }
    }
}
