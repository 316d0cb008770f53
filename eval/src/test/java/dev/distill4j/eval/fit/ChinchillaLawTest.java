package dev.distill4j.eval.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distill4j.eval.report.StudyReport.FittedLaw;
import dev.distill4j.eval.report.StudyReport.ScalingRow;
import org.junit.jupiter.api.Test;

class ChinchillaLawTest {
    private static final ChinchillaLaw HOFFMANN = ChinchillaLaw.HOFFMANN_2022;
    private static final ChinchillaLaw BESIROGLU = ChinchillaLaw.BESIROGLU_2024;

    @Test
    void should_match_hand_computed_values_at_three_million_parameters_and_twenty_million_tokens() {
        // Hoffmann: 406.4 / 3e6^0.34 = 406.4 / e^(0.34 * 14.914123) = 406.4 / 159.3020 = 2.551129;
        // 410.7 / 2e7^0.28 = 410.7 / e^(0.28 * 16.811243) = 410.7 / 110.7359 = 3.708825; L = 1.69 + 2.551129 + 3.708825.
        assertThat(HOFFMANN.modelTerm(3e6)).isCloseTo(2.551129, within(1e-6));
        assertThat(HOFFMANN.dataTerm(2e7)).isCloseTo(3.708825, within(1e-6));
        assertThat(HOFFMANN.loss(3e6, 2e7)).isCloseTo(7.949954, within(1e-6));
        // D' = (B / (L - E))^(1/beta) = (410.7 / 6.259954)^(1/0.28) = 3,084,039 tokens, 0.154202 of D.
        assertThat(HOFFMANN.tokensForInfiniteModel(3e6, 2e7)).isCloseTo(3_084_039.0, within(1.0));
        assertThat(HOFFMANN.infiniteModelTokenRatio(3e6, 2e7)).isCloseTo(0.154202, within(1e-6));

        // Besiroglu: 482.01 / 3e6^0.3478 = 2.693477; 2085.43 / 2e7^0.3658 = 4.451218; L = 8.961895;
        // D' = (2085.43 / 7.144695)^(1/0.3658) = 5,485,729, 0.274286 of D.
        assertThat(BESIROGLU.loss(3e6, 2e7)).isCloseTo(8.961895, within(1e-6));
        assertThat(BESIROGLU.tokensForInfiniteModel(3e6, 2e7)).isCloseTo(5_485_729.3, within(1.0));
        assertThat(BESIROGLU.infiniteModelTokenRatio(3e6, 2e7)).isCloseTo(0.274286, within(1e-6));
    }

    @Test
    void should_give_an_infinite_model_the_same_loss_with_the_tokens_it_needs() {
        for (ChinchillaLaw law : new ChinchillaLaw[] {HOFFMANN, BESIROGLU}) {
            for (double n : new double[] {1e5, 3e6, 1e9, 7e10}) {
                for (double d : new double[] {1e6, 2e7, 1.4e12}) {
                    double dPrime = law.tokensForInfiniteModel(n, d);
                    assertThat(law.e() + law.dataTerm(dPrime)).as("%s N=%s D=%s", law.name(), n, d)
                            .isCloseTo(law.loss(n, d), within(1e-12 * law.loss(n, d)));
                    assertThat(dPrime).isLessThan(d);
                }
            }
        }
    }

    @Test
    void should_fall_with_parameters_and_tokens_and_need_a_larger_share_of_the_data_as_the_model_grows() {
        double previousLoss = Double.POSITIVE_INFINITY;
        double previousRatio = 0;
        for (double n = 1e5; n <= 1e12; n *= 10) {
            double loss = HOFFMANN.loss(n, 2e7);
            double ratio = HOFFMANN.infiniteModelTokenRatio(n, 2e7);
            assertThat(loss).isLessThan(previousLoss);
            // A bigger model wastes less of its data making up for its size: the infinite model needs more of D to match it.
            assertThat(ratio).isGreaterThan(previousRatio).isLessThan(1);
            previousLoss = loss;
            previousRatio = ratio;
        }
        previousLoss = Double.POSITIVE_INFINITY;
        for (double d = 1e5; d <= 1e13; d *= 10) {
            assertThat(BESIROGLU.loss(3e6, d)).isLessThan(previousLoss);
            previousLoss = BESIROGLU.loss(3e6, d);
        }
        // Towards E: 406.4 / 1e30^0.34 = 2.6e-8 and 410.7 / 1e30^0.28 = 1.66e-6.
        assertThat(HOFFMANN.loss(1e30, 1e30)).isCloseTo(1.69, within(2e-6));
    }

    @Test
    void should_split_a_budget_as_the_papers_report() {
        // N_opt grows as C^(beta / (alpha + beta)): Hoffmann et al. report a = 0.46 for approach 3 (0.28 / 0.62 = 0.4516
        // with the rounded constants); Besiroglu et al. report a = 0.5126 for their refit.
        assertThat(exponentOfOptimalParameters(HOFFMANN)).isCloseTo(0.28 / 0.62, within(1e-9));
        assertThat(exponentOfOptimalParameters(BESIROGLU)).isCloseTo(0.5126, within(5e-5));

        ChinchillaLaw.ComputeOptimal optimum = HOFFMANN.computeOptimal(1e21);
        assertThat(6 * optimum.parameters() * optimum.tokens()).isCloseTo(1e21, within(1e9));
        // G = (0.34 * 406.4 / (0.28 * 410.7))^(1/0.62) = 1.201572^1.612903 = 1.344711; N = G * (1e21 / 6)^0.451613 = 1.824218e9.
        assertThat(optimum.parameters()).isCloseTo(1.824218e9, within(1e3));
        assertThat(optimum.loss()).isCloseTo(2.328883, within(1e-6));
        // Any other split of the same budget is worse.
        for (double factor : new double[] {0.5, 0.9, 1.1, 2}) {
            double n = optimum.parameters() * factor;
            assertThat(HOFFMANN.loss(n, 1e21 / (6 * n))).isGreaterThan(optimum.loss());
        }
    }

    @Test
    void should_make_report_rows_and_laws_from_fits() {
        ScalingRow row = HOFFMANN.row(3e6, 2e7);
        assertThat(row.law()).isEqualTo("hoffmann-2022");
        assertThat(row.loss()).isEqualTo(HOFFMANN.loss(3e6, 2e7));
        assertThat(row.tokensForInfiniteModel()).isEqualTo(HOFFMANN.tokensForInfiniteModel(3e6, 2e7));

        ChinchillaLaw fitted = ChinchillaLaw.of("fit", new FittedLaw(1.2, 30, 0.4, 50, 0.35, 12, 0.001));
        // 1.2 + 30 / 1e5^0.4 + 50 / 1e5^0.35 = 1.2 + 0.3 + 50 / 56.234133 = 2.389140
        assertThat(fitted.loss(1e5, 1e5)).isCloseTo(2.389140, within(1e-6));
    }

    @Test
    void should_refuse_non_positive_sizes_and_constants() {
        assertThatThrownBy(() -> HOFFMANN.loss(0, 1e6)).hasMessageContaining("parameters must be a finite number > 0");
        assertThatThrownBy(() -> HOFFMANN.loss(1e6, Double.NaN)).hasMessageContaining("tokens");
        assertThatThrownBy(() -> new ChinchillaLaw("x", 1, 1, -0.3, 1, 0.3)).hasMessageContaining("alpha");
    }

    private static double exponentOfOptimalParameters(ChinchillaLaw law) {
        return Math.log(law.computeOptimal(1e24).parameters() / law.computeOptimal(1e20).parameters()) / Math.log(1e4);
    }
}
