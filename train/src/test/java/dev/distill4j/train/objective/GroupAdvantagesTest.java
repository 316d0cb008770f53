package dev.distill4j.train.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {
    @Test
    void should_give_zero_advantages_to_groups_whose_rewards_are_all_equal_and_count_them() {
        double[] rewards = {1, 1, 1, 1, 0, 0, 0, 0, 0.3, 0.3, 0.3, 0.3, 1, 0, 0, 1};
        GroupAdvantages scaled = GroupAdvantages.of(rewards, 4, true);
        assertThat(scaled.groups()).isEqualTo(4);
        assertThat(scaled.zeroVarianceGroups()).isEqualTo(3);
        for (int i = 0; i < 12; i++) {
            assertThat(scaled.advantages()[i]).as("sample %d", i).isEqualTo(0.0);
        }
        // 1 + 1 + 1 + 1 + 4 * 0.3 + 1 + 1 = 7.2 over 16 samples; rewards above 0: 4 + 4 + 2 = 10.
        assertThat(scaled.meanReward()).isCloseTo(7.2 / 16, within(1e-15));
        assertThat(scaled.passRate()).isEqualTo(10.0 / 16);
    }

    @Test
    void should_take_the_advantages_worked_out_by_hand() {
        // Rewards 1, 0, 0, 1: mean 0.5, deviations +-0.5, population std 0.5.
        // Scaled: +-0.5 / (0.5 + 1e-6) = +-0.999998; unscaled: +-0.5.
        double scaledOne = 0.5 / (0.5 + 1e-6);
        assertThat(GroupAdvantages.of(new double[] {1, 0, 0, 1}, 4, true).advantages())
                .containsExactly(new double[] {scaledOne, -scaledOne, -scaledOne, scaledOne}, within(1e-15));
        assertThat(GroupAdvantages.of(new double[] {1, 0, 0, 1}, 4, false).advantages())
                .containsExactly(new double[] {0.5, -0.5, -0.5, 0.5}, within(1e-15));
        // Rewards 3, 0, 0: mean 1, deviations 2, -1, -1, population variance (4 + 1 + 1) / 3 = 2, std sqrt 2.
        double std = Math.sqrt(2) + 1e-6;
        GroupAdvantages uneven = GroupAdvantages.of(new double[] {3, 0, 0}, 3, true);
        assertThat(uneven.advantages()).containsExactly(new double[] {2 / std, -1 / std, -1 / std}, within(1e-15));
        assertThat(uneven.zeroVarianceGroups()).isZero();
        assertThat(uneven.passRate()).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void should_refuse_rewards_that_are_not_whole_groups() {
        assertThatThrownBy(() -> GroupAdvantages.of(new double[] {1, 0, 1, 0, 1}, 4, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 rewards is not a positive multiple of groupSize 4");
        assertThatThrownBy(() -> GroupAdvantages.of(new double[] {1, Double.NaN}, 2, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reward 1");
    }
}
