package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.tasks.verify.JsonAnswer.Origin;
import org.junit.jupiter.api.Test;

class JsonAnswerTest {

    @Test
    void should_read_json_on_the_answer_line() {
        JsonAnswer answer = JsonAnswer.extract("The total is 5.\nAnswer: {\"total\": 5}.");
        assertThat(answer.origin()).isEqualTo(Origin.ANSWER_LINE);
        assertThat(answer.value().get("total").asInt()).isEqualTo(5);
    }

    @Test
    void should_read_json_that_starts_on_the_line_after_the_marker() {
        JsonAnswer answer = JsonAnswer.extract("Answer:\n{\n  \"total\": 5,\n  \"note\": \"a } brace\"\n}\nDone.");
        assertThat(answer.origin()).isEqualTo(Origin.ANSWER_LINE);
        assertThat(answer.value().get("note").asText()).isEqualTo("a } brace");
    }

    @Test
    void should_read_a_fenced_json_block() {
        JsonAnswer answer = JsonAnswer.extract("Here you go:\n```json\n{\"total\": 5}\n```\nHope that helps.");
        assertThat(answer.origin()).isEqualTo(Origin.FENCED);
        assertThat(answer.value().get("total").asInt()).isEqualTo(5);
    }

    @Test
    void should_read_an_untagged_fence_that_holds_json_but_skip_other_languages() {
        assertThat(JsonAnswer.extract("```\n{\"a\": 1}\n```").value().get("a").asInt()).isEqualTo(1);
        JsonAnswer answer = JsonAnswer.extract("```json\n{\"a\": 1}\n```\n```python\nd = {\"a\": 2}\n```");
        assertThat(answer.value().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void should_prefer_a_fenced_block_to_an_object_in_prose() {
        JsonAnswer answer = JsonAnswer.extract("```json\n{\"a\": 1}\n```\nNote that {\"a\": 2} would be wrong.");
        assertThat(answer.origin()).isEqualTo(Origin.FENCED);
        assertThat(answer.value().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void should_take_the_last_object_in_prose_that_parses() {
        JsonAnswer answer = JsonAnswer.extract("Draft {\"a\": 1}. Final {\"a\": 2, \"b\": {\"c\": 3}} (fill in {name} later).");
        assertThat(answer.origin()).isEqualTo(Origin.PROSE);
        assertThat(answer.value().get("a").asInt()).isEqualTo(2);
        assertThat(answer.value().get("b").get("c").asInt()).isEqualTo(3);
    }

    @Test
    void should_find_an_object_after_a_stray_brace_in_prose() {
        JsonAnswer answer = JsonAnswer.extract("Use the set {x, y. It's then {\"a\": 7}");
        assertThat(answer.value().get("a").asInt()).isEqualTo(7);
    }

    @Test
    void should_reject_truncated_json_on_the_answer_line() {
        JsonAnswer answer = JsonAnswer.extract("Answer: {\"a\": 1, \"b\": \"2024-");
        assertThat(answer.found()).isFalse();
        assertThat(answer.failure()).contains("truncated");
    }

    @Test
    void should_reject_a_truncated_fenced_block() {
        JsonAnswer answer = JsonAnswer.extract("```json\n{\"a\": 1, \"b\": [1, 2");
        assertThat(answer.found()).isFalse();
        assertThat(answer.failure()).contains("fenced JSON").contains("truncated");
    }

    @Test
    void should_reject_truncated_json_in_prose_rather_than_fall_back_to_an_earlier_object() {
        JsonAnswer answer = JsonAnswer.extract("Draft {\"a\": 1}. Final: {\"a\": 2, \"b\": {\"c\": 3}, \"d\": ");
        assertThat(answer.found()).isFalse();
        assertThat(answer.failure()).contains("truncated");
    }

    @Test
    void should_reject_json_nested_deeper_than_the_limit() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        JsonAnswer answer = JsonAnswer.extract(deep);
        assertThat(answer.found()).isFalse();
        assertThat(answer.failure()).contains("beyond limits");
        String withinLimit = "{\"a\":".repeat(60) + "1" + "}".repeat(60);
        assertThat(JsonAnswer.extract(withinLimit).found()).isTrue();
    }

    @Test
    void should_reject_duplicate_keys() {
        JsonAnswer answer = JsonAnswer.extract("Answer: {\"total\": 1, \"total\": 2}");
        assertThat(answer.found()).isFalse();
        assertThat(answer.failure()).contains("Duplicate field 'total'");
    }

    @Test
    void should_say_when_there_is_no_json() {
        assertThat(JsonAnswer.extract("no braces at all").failure()).isEqualTo("no JSON object in the completion");
        assertThat(JsonAnswer.extract("").found()).isFalse();
    }

    @Test
    void should_keep_decimals_as_written() {
        assertThat(JsonAnswer.extract("Answer: {\"t\": 1234.50}").value().get("t").decimalValue().toPlainString())
                .isEqualTo("1234.50");
    }
}
