package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceNormalityTest {
    final DistanceNormality signal = DistanceNormality.standard();

    private static float[] gaussian(Random random, int dimensions, double scale) {
        float[] point = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            point[i] = (float) (scale * random.nextGaussian());
        }
        return point;
    }

    @Test
    void should_not_flag_natural_queries_spread_through_the_space() {
        Random random = new Random(11);
        List<float[]> benign = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            benign.add(gaussian(random, 32, 1.0));
        }
        assertThat(signal.w(benign)).isGreaterThan(0.96);
        assertThat(signal.score(benign)).isZero();
    }

    @Test
    void should_flag_seed_queries_with_many_small_synthetic_variations() {
        // PRADA's attackers: a few natural seeds, each followed by small perturbations of it.
        Random random = new Random(12);
        List<float[]> attack = new ArrayList<>();
        for (int seed = 0; seed < 6; seed++) {
            float[] origin = gaussian(random, 32, 1.0);
            attack.add(origin);
            for (int variation = 0; variation < 19; variation++) {
                float[] nudged = origin.clone();
                nudged[random.nextInt(32)] += (float) (0.05 * random.nextGaussian());
                attack.add(nudged);
            }
        }
        assertThat(signal.w(attack)).isLessThan(0.90);
        assertThat(signal.score(attack)).isEqualTo(1.0);
    }

    @Test
    void should_flag_a_regular_walk_and_stay_silent_on_too_few_queries() {
        List<float[]> walk = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            walk.add(new float[] {i, 0});
        }
        assertThat(signal.score(walk)).isEqualTo(1.0);
        assertThat(signal.score(walk.subList(0, 10))).isZero();
    }
}
