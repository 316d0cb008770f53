package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelTest {
    @Test
    void should_list_every_reason_with_zero_for_the_ones_that_dropped_nothing() {
        Funnel funnel = new Funnel(10, 6, Map.of(DropReason.NEAR_DUPLICATE, 3L, DropReason.TOO_LONG, 1L));
        assertThat(funnel.dropped()).hasSize(DropReason.values().length);
        assertThat(funnel.dropped(DropReason.CONTAMINATED)).isZero();
        assertThat(funnel.droppedTotal()).isEqualTo(4);
    }

    @Test
    void should_refuse_numbers_that_do_not_add_up() {
        assertThatThrownBy(() -> new Funnel(10, 6, Map.of(DropReason.NEAR_DUPLICATE, 3L)))
                .hasMessage("funnel does not add up: in 10 != kept 6 + dropped 3");
        assertThatThrownBy(() -> new Funnel(1, 2, Map.of(DropReason.NEAR_DUPLICATE, -1L)))
                .hasMessageContaining("dropped.near_duplicate");
    }
}
