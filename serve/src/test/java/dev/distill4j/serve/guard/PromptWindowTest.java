package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptWindowTest {
    @Test
    void should_keep_the_last_n_items_oldest_first() {
        PromptWindow<String> window = new PromptWindow<>(3);
        assertThat(window.items()).isEmpty();
        window.add("a");
        window.add("b");
        assertThat(window.items()).containsExactly("a", "b");
        assertThat(window.size()).isEqualTo(2);
        window.add("c");
        window.add("d");
        window.add("e");
        assertThat(window.items()).containsExactly("c", "d", "e");
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.capacity()).isEqualTo(3);
    }

    @Test
    void should_keep_one_item_at_capacity_one() {
        PromptWindow<Integer> window = new PromptWindow<>(1);
        for (int i = 0; i < 10; i++) {
            window.add(i);
        }
        assertThat(window.items()).containsExactly(9);
    }

    @Test
    void should_hand_out_a_copy_that_later_adds_do_not_change() {
        PromptWindow<String> window = new PromptWindow<>(2);
        window.add("a");
        List<String> before = window.items();
        window.add("b");
        window.add("c");
        assertThat(before).containsExactly("a");
        assertThatThrownBy(() -> before.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_refuse_a_capacity_below_one_and_null_items() {
        assertThatThrownBy(() -> new PromptWindow<String>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be >= 1, got 0");
        assertThatThrownBy(() -> new PromptWindow<String>(-4)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new PromptWindow<String>(2).add(null)).hasMessageContaining("item must not be null");
    }

    @Test
    void should_not_show_its_items_in_to_string() {
        PromptWindow<String> window = new PromptWindow<>(2);
        window.add("secret prompt");
        assertThat(window.toString()).doesNotContain("secret").contains("size=1");
    }
}
