package dev.distill4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class AgreementTest {
    @Test
    void should_compute_cohens_kappa_of_a_hand_worked_two_by_two_table() {
        // 50 samples: both pass 20, only the first 5, only the second 10, both fail 15.
        // p_o = 35/50 = 0.7; first passes 25/50 = 0.5, second 30/50 = 0.6;
        // p_e = 0.5 x 0.6 + 0.5 x 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
        Agreement agreement = new Agreement(20, 5, 10, 15);

        assertThat(agreement.samples()).isEqualTo(50);
        assertThat(agreement.percent()).isCloseTo(0.7, offset(1e-12));
        assertThat(agreement.kappa()).isCloseTo(0.4, offset(1e-12));
    }

    @Test
    void should_build_the_table_one_sample_at_a_time() {
        Agreement agreement = Agreement.NONE.plus(true, true).plus(true, false).plus(false, true).plus(false, false).plus(false, false);

        assertThat(agreement).isEqualTo(new Agreement(1, 1, 1, 2));
    }

    @Test
    void should_give_kappa_one_for_full_agreement_and_below_zero_for_systematic_disagreement() {
        assertThat(new Agreement(3, 0, 0, 7).kappa()).isCloseTo(1.0, offset(1e-12));
        // p_o = 0; p_e = 0.5 x 0.5 + 0.5 x 0.5 = 0.5: kappa = -1.
        assertThat(new Agreement(0, 5, 5, 0).kappa()).isCloseTo(-1.0, offset(1e-12));
    }

    @Test
    void should_have_no_kappa_without_samples_or_when_both_always_say_the_same() {
        assertThat(Agreement.NONE.kappa()).isNaN();
        assertThat(Agreement.NONE.percent()).isNaN();
        assertThat(new Agreement(4, 0, 0, 0).kappa()).isNaN();
        assertThat(new Agreement(4, 0, 0, 0).percent()).isEqualTo(1.0);
    }
}
