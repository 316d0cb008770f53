package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The window test calibrated on synthetic benign chat traffic, measured on benign and attacking windows it never saw. */
class MmdCalibrationTest {
    private static final int DIMENSIONS = 128;
    private static final int WINDOW = 32;
    private static final double TARGET_FPR = 0.05;
    private static final int NULL_DRAWS = 1000;

    private static MmdCalibration calibration;

    @BeforeAll
    static void calibrate() {
        // 3,800 points left after the reference are ~120 windows' worth: with only ~30 (a pool of 1,200) the null windows
        // overlap so much that the observed rate on new windows ranged from 0.025 to 0.09 over 8 seeds, against 0.015
        // to 0.0675 with this pool.
        List<float[]> pool = SyntheticPrompts.embed(SyntheticPrompts.benign(4000, new Random(1)), DIMENSIONS);
        calibration = MmdCalibration.fromBenign(pool, WINDOW, TARGET_FPR, NULL_DRAWS, 42);
    }

    @Test
    void should_flag_about_target_fpr_of_new_benign_windows() {
        Random heldOut = new Random(2); // another seed than the pool: prompts the calibration never saw
        int windows = 400;
        int flagged = 0;
        for (int w = 0; w < windows; w++) {
            List<float[]> window = SyntheticPrompts.embed(SyntheticPrompts.benign(WINDOW, heldOut), DIMENSIONS);
            if (calibration.flags(window)) {
                flagged++;
            }
        }
        // Binomial(400, 0.05) has mean 20 and standard deviation 4.4: 40 flagged is 4.6 deviations away.
        assertThat((double) flagged / windows).as("flagged %d of %d benign windows", flagged, windows).isLessThanOrEqualTo(2 * TARGET_FPR);
    }

    @Test
    void should_score_and_flag_windows_of_an_arithmetic_attack() {
        Random attacker = new Random(3);
        for (int w = 0; w < 20; w++) {
            List<float[]> window = SyntheticPrompts.embed(SyntheticPrompts.arithmeticAttack(WINDOW, attacker), DIMENSIONS);
            assertThat(calibration.score(window)).isGreaterThanOrEqualTo(0.99);
            assertThat(calibration.flags(window)).isTrue();
        }
    }

    @Test
    void should_set_the_threshold_at_the_quantile_that_leaves_target_fpr_of_null_windows_above_it() {
        double[] nulls = calibration.nullStatistics();
        assertThat(nulls).hasSize(NULL_DRAWS).isSorted();
        // ceil(0.95 * 1000) = 950: the 950th smallest, so 50 of the 1000 null statistics (5%) lie above it.
        assertThat(calibration.threshold()).isEqualTo(nulls[949]);
        assertThat(Arrays.stream(nulls).filter(s -> s > calibration.threshold()).count()).isLessThanOrEqualTo(50);
        assertThat(calibration.bandwidth()).isEqualTo(MmdTest.medianHeuristic(calibration.reference().points()));
        assertThat(calibration.reference().size()).isEqualTo(MmdCalibration.DEFAULT_REFERENCE_SIZE);
    }

    @Test
    void should_agree_with_mmd2_unbiased_and_make_score_and_flags_consistent() {
        Random random = new Random(4);
        for (int w = 0; w < 30; w++) {
            // Half benign, half attack, so that windows fall on both sides of the threshold.
            List<String> prompts = w % 2 == 0 ? SyntheticPrompts.benign(WINDOW, random)
                    : mix(SyntheticPrompts.benign(WINDOW - 6, random), SyntheticPrompts.arithmeticAttack(6, random));
            List<float[]> window = SyntheticPrompts.embed(prompts, DIMENSIONS);
            double statistic = calibration.statistic(window);
            assertThat(statistic).isCloseTo(MmdTest.mmd2Unbiased(window, calibration.reference().points(), calibration.bandwidth()),
                    within(1e-12));
            double[] nulls = calibration.nullStatistics();
            long below = Arrays.stream(nulls).filter(s -> s < statistic).count();
            assertThat(calibration.score(window)).isEqualTo((double) below / nulls.length);
            assertThat(calibration.flags(window)).isEqualTo(calibration.score(window) >= 950.0 / NULL_DRAWS);
        }
    }

    @Test
    void should_give_the_same_calibration_for_the_same_pool_and_seed() {
        List<float[]> pool = SyntheticPrompts.embed(SyntheticPrompts.benign(300, new Random(8)), 64);
        MmdCalibration a = MmdCalibration.fromBenign(pool, 100, 8, 0.05, 100, 9);
        MmdCalibration b = MmdCalibration.fromBenign(pool, 100, 8, 0.05, 100, 9);
        assertThat(a.nullStatistics()).containsExactly(b.nullStatistics());
        assertThat(a.threshold()).isEqualTo(b.threshold());
    }

    @Test
    void should_name_the_argument_that_cannot_calibrate() {
        List<float[]> pool = SyntheticPrompts.embed(SyntheticPrompts.benign(300, new Random(8)), 64);
        assertThatThrownBy(() -> MmdCalibration.fromBenign(pool, 8, 0.05, 99, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nullDraws must be at least 5 / targetFpr = 100");
        assertThatThrownBy(() -> MmdCalibration.fromBenign(pool, 8, 1.0, 1000, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetFpr must be in (0, 1)");
        assertThatThrownBy(() -> MmdCalibration.fromBenign(pool, 1, 0.05, 1000, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowSize must be at least 2");
        assertThatThrownBy(() -> MmdCalibration.fromBenign(pool.subList(0, 210), 8, 0.05, 1000, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("benignPool must hold at least referenceSize + 2 * windowSize = 216");
        assertThatThrownBy(() -> calibration.score(SyntheticPrompts.embed(SyntheticPrompts.benign(WINDOW - 1, new Random(5)), DIMENSIONS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must hold windowSize = 32 embeddings");
        assertThatThrownBy(() -> new MmdCalibration(calibration.reference(), WINDOW, 0.0, TARGET_FPR, new double[] {0.2, 0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nullStatistics must be sorted ascending");
    }

    private static List<String> mix(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
