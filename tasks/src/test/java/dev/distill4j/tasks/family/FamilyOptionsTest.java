package dev.distill4j.tasks.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FamilyOptionsTest {
    private static final Map<String, String> KNOWN = Map.of("digits", "digit counts", "ops", "operations");
    private static final IntRange ALLOWED = new IntRange(1, 9);
    private static final IntRange FALLBACK = new IntRange(2, 4);

    private static IntRange digits(Object value) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("digits", value);
        return new FamilyOptions("arith", KNOWN, values).range("digits", FALLBACK, ALLOWED);
    }

    private static List<String> ops(Object value) {
        Map<String, String> choices = new LinkedHashMap<>();
        choices.put("add", "ADD");
        choices.put("mul", "MUL");
        return new FamilyOptions("arith", KNOWN, Map.of("ops", value)).choices("ops", choices, List.of("ADD", "MUL"));
    }

    @Test
    void should_read_a_range_from_every_form_people_write() {
        assertThat(digits("2-4")).isEqualTo(new IntRange(2, 4));
        assertThat(digits("2..4")).isEqualTo(new IntRange(2, 4));
        assertThat(digits("2,4")).isEqualTo(new IntRange(2, 4));
        assertThat(digits(" 2 - 4 ")).isEqualTo(new IntRange(2, 4));
        assertThat(digits("3")).isEqualTo(new IntRange(3, 3));
        assertThat(digits(3)).isEqualTo(new IntRange(3, 3));
        assertThat(digits(3L)).isEqualTo(new IntRange(3, 3));
        assertThat(digits(List.of(2, 4))).isEqualTo(new IntRange(2, 4));
        assertThat(digits(List.of("2", "4"))).isEqualTo(new IntRange(2, 4));
        assertThat(digits(List.of(5))).isEqualTo(new IntRange(5, 5));
        assertThat(digits(null)).isEqualTo(FALLBACK);
    }

    @Test
    void should_reject_ranges_that_are_reversed_out_of_bounds_or_not_whole_numbers() {
        for (Object bad : List.of("4-2", "0-3", "2-10", "abc", 2.5, List.of(1, 2, 3), List.of(), true, Map.of("min", 2))) {
            assertThatThrownBy(() -> digits(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("option 'digits' of task family 'arith': expected a number or a range min-max within 1..9");
        }
    }

    @Test
    void should_read_choices_from_a_list_or_a_separated_string_in_canonical_order() {
        assertThat(ops("mul,add")).containsExactly("ADD", "MUL");
        assertThat(ops("MUL")).containsExactly("MUL");
        assertThat(ops("add mul")).containsExactly("ADD", "MUL");
        assertThat(ops(List.of("mul", "mul"))).containsExactly("MUL");
    }

    @Test
    void should_reject_empty_or_unknown_choices_naming_the_closest() {
        assertThatThrownBy(() -> ops("")).hasMessageContaining("expected a non-empty list of add, mul");
        assertThatThrownBy(() -> ops(List.of())).hasMessageContaining("expected a non-empty list");
        assertThatThrownBy(() -> ops(7)).hasMessageContaining("got 7");
        assertThatThrownBy(() -> ops("add,sub")).hasMessageContaining("unknown name 'sub'");
        assertThatThrownBy(() -> ops("ad")).hasMessageContaining("did you mean 'add'?");
    }

    @Test
    void should_reject_an_unknown_key_listing_the_known_ones() {
        assertThatThrownBy(() -> new FamilyOptions("arith", KNOWN, Map.of("opps", "add")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'opps' for task family 'arith' (did you mean 'ops'?); known options: digits, ops");
    }
}
