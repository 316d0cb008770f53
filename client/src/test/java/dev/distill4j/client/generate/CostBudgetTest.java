package dev.distill4j.client.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CostBudgetTest {
    @Test
    void should_refuse_a_reservation_that_could_pass_the_cap_counting_earlier_spending() {
        CostBudget budget = new CostBudget(10.0, 3.0);

        assertThat(budget.reserve(4.0)).isTrue();
        assertThat(budget.reserve(4.0)).isFalse(); // 3 spent + 4 reserved + 4 > 10
        budget.settle(4.0, 1.0);
        assertThat(budget.spentUsd()).isEqualTo(4.0);
        assertThat(budget.reserve(6.0)).isTrue(); // 4 + 6 = 10: at the cap, not past it
        budget.release(6.0);
        assertThat(budget.reserve(6.5)).isFalse();
    }
}
