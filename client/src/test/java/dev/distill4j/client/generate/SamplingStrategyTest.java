package dev.distill4j.client.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each strategy's target, worked out by hand from (samples, passed). */
class SamplingStrategyTest {
    @Test
    void should_want_the_same_n_whatever_the_verdicts() {
        SamplingStrategy fixed = new SamplingStrategy.Fixed(8);

        assertThat(fixed.target(0, 0)).isEqualTo(8);
        assertThat(fixed.target(5, 5)).isEqualTo(8);
        assertThat(fixed.needsVerdicts()).isFalse();
    }

    @Test
    void should_ask_for_the_missing_passes_until_k_or_the_cap() {
        SamplingStrategy untilTwo = new SamplingStrategy.UntilVerified(2, 5);

        assertThat(untilTwo.target(0, 0)).isEqualTo(2);
        assertThat(untilTwo.target(2, 1)).isEqualTo(3);
        assertThat(untilTwo.target(4, 0)).isEqualTo(5);
        assertThat(untilTwo.target(5, 0)).isEqualTo(5);
        assertThat(untilTwo.target(3, 2)).isEqualTo(3);
    }

    @Test
    void should_spend_more_where_the_pass_rate_is_low_and_nothing_where_it_is_zero() {
        SamplingStrategy difficulty = new SamplingStrategy.DifficultyAware(4, 2, 32, 8);

        assertThat(difficulty.target(0, 0)).isEqualTo(4);
        // Rate 1/4, one pass missing: 4 more.
        assertThat(difficulty.target(4, 1)).isEqualTo(8);
        // Rate 1/8, one pass missing: 8 more.
        assertThat(difficulty.target(8, 1)).isEqualTo(16);
        // Rate 1/20, one missing: 20 more, capped at 32.
        assertThat(difficulty.target(20, 1)).isEqualTo(32);
        assertThat(difficulty.target(4, 0)).isEqualTo(8);
        assertThat(difficulty.target(8, 0)).isEqualTo(8);
        assertThat(difficulty.target(4, 4)).isEqualTo(4);
    }

    @Test
    void should_name_the_field_of_an_impossible_strategy() {
        assertThatThrownBy(() -> new SamplingStrategy.UntilVerified(4, 2)).hasMessageContaining("field 'cap'");
        assertThatThrownBy(() -> new SamplingStrategy.DifficultyAware(4, 1, 8, 2)).hasMessageContaining("field 'give_up_after'");
        assertThatThrownBy(() -> new SamplingStrategy.Fixed(0)).hasMessageContaining("field 'n'");
    }
}
