package dev.distill4j.eval.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distill4j.eval.fit.PowerLawFit.Observation;
import dev.distill4j.eval.report.StudyReport.PowerLaw;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerLawFitTest {
    private static final double[] SIZES = {10, 30, 100, 300, 1000, 3000, 10000};

    /** acc(n) = 0.9 - 2 n^-0.5 at {@link #SIZES}, plus {@code noise[i]}. */
    private static List<Observation> law09(double[] noise) {
        List<Observation> points = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            points.add(new Observation(SIZES[i], 0.9 - 2 / Math.sqrt(SIZES[i]) + noise[i]));
        }
        return points;
    }

    @Test
    void should_recover_the_parameters_of_noiseless_data() {
        PowerLaw law = PowerLawFit.fit(law09(new double[SIZES.length])).law();

        assertThat(law.ceiling()).isCloseTo(0.9, within(1e-7));
        assertThat(law.scale()).isCloseTo(2.0, within(1e-6));
        assertThat(law.exponent()).isCloseTo(0.5, within(1e-7));
        assertThat(law.rmse()).isLessThan(1e-9);
    }

    @Test
    void should_match_an_independent_least_squares_fit_of_noisy_data() {
        double[] noise = {0.004, -0.003, 0.005, -0.004, 0.002, -0.005, 0.003};

        PowerLaw law = PowerLawFit.fit(law09(noise)).law();

        // scipy.optimize.curve_fit of c - s n^-k to the same seven points, from (0.9, 2, 0.5):
        // c = 0.90070519, s = 1.97079451, k = 0.49538267, rmse 0.00362828 (the true law's rmse on them: 0.00385450).
        assertThat(law.ceiling()).isCloseTo(0.90070519, within(1e-6));
        assertThat(law.scale()).isCloseTo(1.97079451, within(1e-5));
        assertThat(law.exponent()).isCloseTo(0.49538267, within(1e-6));
        assertThat(law.rmse()).isCloseTo(0.00362828, within(1e-7));
    }

    @Test
    void should_keep_the_ceiling_at_most_one_when_the_data_point_past_it() {
        // acc(n) = 1.2 - 3 n^-0.5 would pass 1: the best law allowed has its ceiling on the bound.
        List<Observation> points = new ArrayList<>();
        for (double n : SIZES) {
            points.add(new Observation(n, Math.min(1, 1.2 - 3 / Math.sqrt(n))));
        }

        PowerLaw law = PowerLawFit.fit(points).law();

        assertThat(law.ceiling()).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
        assertThat(law.scale()).isPositive();
        assertThat(law.exponent()).isPositive();
    }

    @Test
    void should_fit_a_constant_to_accuracy_that_falls_with_more_data() {
        // Scale >= 0 forbids a law that falls; the best law allowed is flat at the mean (0.6 + 0.5 + 0.4) / 3 = 0.5.
        PowerLaw law = PowerLawFit.fit(List.of(new Observation(10, 0.6), new Observation(100, 0.5), new Observation(1000, 0.4))).law();

        assertThat(law.ceiling()).isCloseTo(0.5, within(1e-6));
        assertThat(law.scale()).isCloseTo(0.0, within(1e-6));
        // rmse of residuals (0.1, 0, -0.1): sqrt(0.02 / 3)
        assertThat(law.rmse()).isCloseTo(Math.sqrt(0.02 / 3), within(1e-6));
    }

    @Test
    void should_weight_points() {
        // At n = 10 two points sit 0.05 below (weight 3) and 0.15 above (weight 1) the law 0.9 - 2 n^-0.5: their
        // weighted mean is on the law (3 * -0.05 + 1 * 0.15 = 0), so the weighted fit is the law itself.
        double at10 = 0.9 - 2 / Math.sqrt(10);
        List<Observation> points = List.of(new Observation(10, at10 - 0.05, 3), new Observation(10, at10 + 0.15, 1),
                new Observation(100, 0.7), new Observation(1000, 0.9 - 2 / Math.sqrt(1000)));

        PowerLaw law = PowerLawFit.fit(points).law();

        assertThat(law.ceiling()).isCloseTo(0.9, within(1e-6));
        assertThat(law.exponent()).isCloseTo(0.5, within(1e-6));
        // weighted rmse: sqrt((3 * 0.05² + 1 * 0.15²) / 6) = sqrt(0.03 / 6)
        assertThat(law.rmse()).isCloseTo(Math.sqrt(0.03 / 6), within(1e-6));
    }

    @Test
    void should_give_no_law_for_too_few_sizes_or_no_signal() {
        PowerLawFit.Result twoSizes = PowerLawFit.fit(List.of(new Observation(10, 0.2), new Observation(10, 0.3), new Observation(100, 0.5)));
        assertThat(twoSizes.law()).isNull();
        assertThat(twoSizes.reason()).contains("at least 3 distinct subset sizes, got 2");

        PowerLawFit.Result zeros = PowerLawFit.fit(List.of(new Observation(10, 0), new Observation(100, 0), new Observation(1000, 0)));
        assertThat(zeros.law()).isNull();
        assertThat(zeros.reason()).contains("every accuracy is 0");

        assertThat(PowerLawFit.fit(List.of()).reason()).contains("got 0");
    }

    @Test
    void should_fit_flat_data_with_a_flat_law() {
        PowerLaw law = PowerLawFit.fit(List.of(new Observation(10, 0.8), new Observation(100, 0.8), new Observation(1000, 0.8))).law();

        assertThat(law).isEqualTo(new PowerLaw(0.8, 0, 1, 0));
        assertThat(PowerLawFit.examplesToReach(law, 0.5)).isEqualTo(1.0);
        assertThat(PowerLawFit.examplesToReach(law, 0.8)).isNull();
    }

    @Test
    void should_invert_the_law_by_hand() {
        PowerLaw law = new PowerLaw(0.9, 2, 0.5, 0);

        // n = (s / (c - t))^(1/k): (2 / 0.1)^2 = 400, (2 / 0.4)^2 = 25, (2 / 1.9)^2 = 1.10803
        assertThat(PowerLawFit.examplesToReach(law, 0.8)).isCloseTo(400, within(1e-9));
        assertThat(PowerLawFit.examplesToReach(law, 0.5)).isCloseTo(25, within(1e-12));
        assertThat(PowerLawFit.examplesToReach(law, -1.0)).isCloseTo(4 / 3.61, within(1e-12));
        // (2 / 2.9)^2 = 0.476 < 1: already met at the first example
        assertThat(PowerLawFit.examplesToReach(law, -2.0)).isEqualTo(1.0);
        assertThat(PowerLawFit.examplesToReach(law, 0.9)).isNull();
        assertThat(PowerLawFit.examplesToReach(law, 0.95)).isNull();
        // and the inverse gives back the target
        assertThat(PowerLawFit.predict(law, PowerLawFit.examplesToReach(law, 0.85))).isCloseTo(0.85, within(1e-12));
    }

    @Test
    void should_refuse_invalid_observations() {
        assertThatThrownBy(() -> new Observation(0, 0.5)).hasMessageContaining("examples must be");
        assertThatThrownBy(() -> new Observation(10, 1.5)).hasMessageContaining("accuracy must be in [0, 1]");
        assertThatThrownBy(() -> new Observation(10, 0.5, 0)).hasMessageContaining("weight must be");
        assertThatThrownBy(() -> PowerLawFit.examplesToReach(new PowerLaw(0.9, 2, 0.5, 0), Double.NaN)).hasMessageContaining("finite");
    }
}
