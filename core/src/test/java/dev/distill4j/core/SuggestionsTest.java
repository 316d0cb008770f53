package dev.distill4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private final List<String> known = List.of("arith", "extract", "temperature", "top_p", "ops");

    @Test
    void should_suggest_the_closest_name_for_typical_typos() {
        assertThat(Suggestions.closest("arihm", known)).contains("arith");        // two substitutions
        assertThat(Suggestions.closest("extarct", known)).contains("extract");    // one swap
        assertThat(Suggestions.closest("temprature", known)).contains("temperature");
        assertThat(Suggestions.closest("TOP_P", known)).contains("top_p");
        assertThat(Suggestions.closest("op", known)).contains("ops");
    }

    @Test
    void should_suggest_nothing_for_a_different_word() {
        assertThat(Suggestions.closest("banana", known)).isEmpty();
        assertThat(Suggestions.closest("xyz", known)).isEmpty();
        assertThat(Suggestions.didYouMean("zzzzzz", known)).isEmpty();
    }

    @Test
    void should_count_edits_like_a_hand_computed_table() {
        assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.editDistance("ca", "ac")).isEqualTo(1);
        assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.editDistance("same", "same")).isZero();
    }
}
