package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.tasks.verify.FinalAnswer.Marker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinalAnswerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Answer: 42                    | ANSWER_LINE | 42",
            "Final answer: 42              | ANSWER_LINE | 42",
            "**Answer:** 42                | ANSWER_LINE | ** 42",
            "**Answer**: 42                | ANSWER_LINE | 42",
            "ANSWER：42                     | ANSWER_LINE | 42",
            "So the answer is 42.          | ANSWER_IS   | 42.",
            "The final answer is: 42       | ANSWER_IS   | 42",
            "#### 42                       | GSM8K       | 42",
            "It is $\\boxed{42}$.          | BOXED       | 42"})
    void should_find_each_marker_form(String completion, Marker marker, String text) {
        FinalAnswer answer = FinalAnswer.find(completion.strip()).orElseThrow();
        assertThat(answer.marker()).isEqualTo(marker);
        assertThat(answer.text()).isEqualTo(text);
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void should_let_the_last_marker_win() {
        String completion = "Answer: 12\n#### 13\nHmm, \\boxed{14} is wrong.\nThe answer is 15\nmore text";
        assertThat(FinalAnswer.find(completion).orElseThrow().text()).isEqualTo("15");
        assertThat(FinalAnswer.find("\\boxed{14}\nAnswer: 15").orElseThrow().marker()).isEqualTo(Marker.ANSWER_LINE);
        assertThat(FinalAnswer.find("Answer: 15\n\\boxed{14}").orElseThrow().marker()).isEqualTo(Marker.BOXED);
    }

    @Test
    void should_read_nested_braces_inside_boxed() {
        assertThat(FinalAnswer.find("\\boxed{\\frac{1}{2}}").orElseThrow().text()).isEqualTo("\\frac{1}{2}");
    }

    @Test
    void should_mark_an_unclosed_boxed_as_not_closed() {
        FinalAnswer answer = FinalAnswer.find("so \\boxed{12").orElseThrow();
        assertThat(answer.closed()).isFalse();
        assertThat(answer.text()).isEqualTo("12");
    }

    @Test
    void should_not_take_words_or_headings_for_markers() {
        assertThat(FinalAnswer.find("My answers: 1, 2")).isEmpty();
        assertThat(FinalAnswer.find("Reanswer: 3")).isEmpty();
        assertThat(FinalAnswer.find("I know the answer.")).isEmpty();
        assertThat(FinalAnswer.find("total #### 5")).isEmpty();
        assertThat(FinalAnswer.find("##### 5")).isEmpty();
    }

    @Test
    void should_read_only_to_the_end_of_the_marker_line() {
        FinalAnswer answer = FinalAnswer.find("Answer: 42\nbecause 6 x 7").orElseThrow();
        assertThat(answer.text()).isEqualTo("42");
        assertThat(answer.contentEnd()).isEqualTo("Answer: 42".length());
    }
}
