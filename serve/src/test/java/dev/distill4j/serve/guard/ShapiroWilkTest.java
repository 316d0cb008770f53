package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Against SciPy 1.17's {@code scipy.stats.shapiro} (the same AS R94 algorithm in Fortran), computed once offline on
 * these samples: normal, uniform and exponential draws from numpy's default_rng(7) rounded to 6 decimals, and small
 * hand-made ones (n = 3, 5 and 8 take the algorithm's special branches).
 */
class ShapiroWilkTest {
    private static void check(double[] sample, double w, double p) {
        ShapiroWilk.Result result = ShapiroWilk.test(sample);
        assertThat(result.w()).isCloseTo(w, within(1e-6));
        assertThat(result.pValue()).isCloseTo(p, within(Math.max(1e-6, p * 1e-3)));
    }

    @Test
    void should_match_scipy_on_normal_uniform_skewed_and_small_samples() {
        // normal20
        check(new double[] {0.00123, 0.298746, -0.274138, -0.890592, -0.454671, -0.991647, 0.060144, 1.340215, -0.492207, -0.620475, 0.489842, 0.356887, 0.105414, -0.930468, -0.029252, 0.695303, -1.344215, -0.457616, -1.901223, -1.289538},
                0.9921231778323484, 0.9996440430491582);
        // uniform50
        check(new double[] {0.215309, 0.160212, 0.61254, 0.043942, 0.03568, 0.514889, 0.466206, 0.917168, 0.629226, 0.514118, 0.496873, 0.247515, 0.011794, 0.192402, 0.692032, 0.200607, 0.369536, 0.003734, 0.830048, 0.154461, 0.267599, 0.880332, 0.509791, 0.84715, 0.639717, 0.741771, 0.091496, 0.541144, 0.507772, 0.871339, 0.361264, 0.598184, 0.059252, 0.387632, 0.323036, 0.1502, 0.816338, 0.379446, 0.978748, 0.589992, 0.605056, 0.637997, 0.67645, 0.150788, 0.440313, 0.239564, 0.402498, 0.096704, 0.967828, 0.215004},
                0.9580839937478401, 0.07389459443509883);
        // exp30
        check(new double[] {1.064204, 0.568831, 1.363631, 1.573667, 0.650021, 0.35114, 1.699883, 0.672579, 0.750772, 0.111447, 0.24509, 2.047488, 0.727852, 0.024791, 1.326697, 0.491553, 2.951864, 0.842607, 0.976582, 0.433996, 0.019379, 5.383633, 0.469286, 2.069662, 0.147192, 2.741732, 0.014394, 0.85844, 0.091776, 0.185871},
                0.7764285486083706, 2.509746873152157e-05);
        // small5
        check(new double[] {2.1, 3.4, 1.9, 5.6, 2.8},
                0.8686352171997569, 0.2609413256959834);
        // eight
        check(new double[] {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 30.0},
                0.6270988571518369, 0.0003289508107688932);
        // three
        check(new double[] {1.0, 2.0, 4.0},
                0.9642857142857142, 0.6368868450289689);
    }

    @Test
    void should_refuse_too_few_or_constant_observations() {
        assertThatThrownBy(() -> ShapiroWilk.test(new double[] {1, 2})).hasMessageContaining("3 to 5,000");
        assertThatThrownBy(() -> ShapiroWilk.test(new double[] {4, 4, 4, 4})).hasMessageContaining("not all equal");
    }

    @Test
    void should_invert_the_normal_distribution_and_its_tail() {
        assertThat(ShapiroWilk.inverseNormal(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(ShapiroWilk.inverseNormal(0.001)).isCloseTo(-3.090232, within(1e-6));
        assertThat(ShapiroWilk.upperNormalTail(1.959964)).isCloseTo(0.025, within(1e-7));
        assertThat(ShapiroWilk.upperNormalTail(-1.0)).isCloseTo(0.8413447, within(1e-6));
    }
}
