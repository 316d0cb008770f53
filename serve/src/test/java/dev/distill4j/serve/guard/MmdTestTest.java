package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unbiased MMD² and the median heuristic, checked against plain loops written here from the paper's formulas. */
class MmdTestTest {
    @Test
    void should_equal_a_naive_loop_over_gretton_equation_3() {
        Random random = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            List<float[]> x = gaussian(random, 3 + trial, 4, 0.0);
            List<float[]> y = gaussian(random, 7 - trial, 4, 0.5);
            double bandwidth = 0.5 + trial;
            assertThat(MmdTest.mmd2Unbiased(x, y, bandwidth)).isCloseTo(naiveMmd2(x, y, bandwidth), within(1e-12));
        }
    }

    @Test
    void should_be_near_zero_for_two_samples_of_one_distribution_and_clearly_positive_for_shifted_ones() {
        Random random = new Random(7);
        List<float[]> x = gaussian(random, 100, 5, 0.0);
        List<float[]> same = gaussian(random, 100, 5, 0.0);
        List<float[]> shifted = gaussian(random, 100, 5, 1.0);
        double bandwidth = MmdTest.medianHeuristic(concat(x, same));

        double null0 = MmdTest.mmd2Unbiased(x, same, bandwidth);
        double alternative = MmdTest.mmd2Unbiased(x, shifted, bandwidth);
        // Under the null the estimate has mean 0 and a spread of order 1/m; a unit shift in each of 5 dimensions moves
        // the mean by sqrt(5) ~ 0.7 bandwidths, which gives an MMD² of order 0.1.
        assertThat(Math.abs(null0)).isLessThan(0.01);
        assertThat(alternative).isGreaterThan(0.1).isGreaterThan(20 * Math.abs(null0));
    }

    @Test
    void should_be_symmetric_in_its_two_samples() {
        Random random = new Random(3);
        List<float[]> x = gaussian(random, 20, 6, 0.0);
        List<float[]> y = gaussian(random, 30, 6, 0.7);
        assertThat(MmdTest.mmd2Unbiased(x, y, 1.3)).isCloseTo(MmdTest.mmd2Unbiased(y, x, 1.3), within(1e-12));
    }

    @Test
    void should_take_the_median_heuristic_over_all_pairs_of_a_small_pool() {
        Random random = new Random(5);
        for (int n : new int[] {2, 3, 9, 10}) {
            List<float[]> pool = gaussian(random, n, 3, 0.0);
            List<Double> distances = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    distances.add(Math.sqrt(naiveSquaredDistance(pool.get(i), pool.get(j))));
                }
            }
            double[] sorted = distances.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int k = sorted.length;
            double median = k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
            assertThat(MmdTest.medianHeuristic(pool)).as("n = %d", n).isCloseTo(median, within(1e-12));
        }
    }

    @Test
    void should_sample_pairs_for_the_median_of_a_large_pool_and_stay_close_to_the_exact_one() {
        // 300 points have 44,850 pairs, more than MEDIAN_PAIRS: the sampled median is within a few percent of the exact one.
        List<float[]> pool = gaussian(new Random(9), 300, 8, 0.0);
        List<Double> distances = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            for (int j = i + 1; j < pool.size(); j++) {
                distances.add(Math.sqrt(naiveSquaredDistance(pool.get(i), pool.get(j))));
            }
        }
        double[] sorted = distances.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double exact = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double sampled = MmdTest.medianHeuristic(pool);
        assertThat(sampled).isCloseTo(exact, within(0.03 * exact));
        assertThat(MmdTest.medianHeuristic(pool)).as("a fixed seed: the same pool gives the same bandwidth").isEqualTo(sampled);
    }

    @Test
    void should_name_the_sample_that_is_too_small_or_of_another_dimension() {
        List<float[]> two = List.of(new float[] {0, 1}, new float[] {1, 0});
        assertThatThrownBy(() -> MmdTest.mmd2Unbiased(List.of(new float[] {0, 1}), two, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x must hold at least 2 points, got 1");
        assertThatThrownBy(() -> MmdTest.mmd2Unbiased(two, List.of(), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y must hold at least 2 points");
        assertThatThrownBy(() -> MmdTest.mmd2Unbiased(two, List.of(new float[] {0, 1}, new float[] {1, 0, 2}), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y[1] has 3 dimensions, expected 2");
        assertThatThrownBy(() -> MmdTest.mmd2Unbiased(two, two, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bandwidth must be a positive finite number");
        assertThatThrownBy(() -> MmdTest.medianHeuristic(List.of(new float[] {1}, new float[] {1}, new float[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("median distance between points is 0");
    }

    /** Gretton et al. 2012, eq. 3, term by term, with its own kernel and distance. */
    private static double naiveMmd2(List<float[]> x, List<float[]> y, double bandwidth) {
        int m = x.size();
        int n = y.size();
        double xx = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += Math.exp(-naiveSquaredDistance(x.get(i), x.get(j)) / (2 * bandwidth * bandwidth));
                }
            }
        }
        double yy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    yy += Math.exp(-naiveSquaredDistance(y.get(i), y.get(j)) / (2 * bandwidth * bandwidth));
                }
            }
        }
        double xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                xy += Math.exp(-naiveSquaredDistance(x.get(i), y.get(j)) / (2 * bandwidth * bandwidth));
            }
        }
        return xx / (m * (m - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double) m * n);
    }

    private static double naiveSquaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += Math.pow(a[k] - (double) b[k], 2);
        }
        return sum;
    }

    /** {@code count} points of N(shift, I) in {@code dimensions} dimensions. */
    private static List<float[]> gaussian(Random random, int count, int dimensions, double shift) {
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] point = new float[dimensions];
            for (int k = 0; k < dimensions; k++) {
                point[k] = (float) (shift + random.nextGaussian());
            }
            points.add(point);
        }
        return points;
    }

    private static List<float[]> concat(List<float[]> a, List<float[]> b) {
        List<float[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
