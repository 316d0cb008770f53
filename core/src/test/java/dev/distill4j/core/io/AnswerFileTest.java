package dev.distill4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerFileTest {
    @TempDir
    Path dir;

    @Test
    void should_number_answers_per_task_in_file_order_when_no_index_is_given() throws Exception {
        Path file = dir.resolve("answers.jsonl");
        Files.writeString(file, """
                {"task_id": "a", "answer": "Answer: 1"}
                {"task_id": "b", "completion": "Answer: 2", "model": "m"}
                {"task_id": "a", "answer": "Answer: 3"}
                {"task_id": "a", "answer": "Answer: 4", "sample_index": 7}
                """);
        List<Answer> answers = AnswerFile.read(file);
        assertThat(answers).extracting(Answer::taskId, Answer::sampleIndex, Answer::text, Answer::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 0, "Answer: 1", 1L),
                org.assertj.core.groups.Tuple.tuple("b", 0, "Answer: 2", 2L),
                org.assertj.core.groups.Tuple.tuple("a", 1, "Answer: 3", 3L),
                org.assertj.core.groups.Tuple.tuple("a", 7, "Answer: 4", 4L));
        assertThat(answers.get(1).model()).isEqualTo("m");
    }

    @Test
    void should_reject_a_repeated_index_a_missing_text_and_unknown_fields() throws Exception {
        Path file = dir.resolve("answers.jsonl");
        Files.writeString(file, "{\"task_id\": \"a\", \"answer\": \"x\", \"sample_index\": 0}\n{\"task_id\": \"a\", \"answer\": \"y\", \"sample_index\": 0}\n");
        assertThatThrownBy(() -> AnswerFile.read(file)).hasMessageContaining(file + ":2: field 'sample_index': task 'a' already has an answer with index 0");
        Files.writeString(file, "{\"task_id\": \"a\"}\n");
        assertThatThrownBy(() -> AnswerFile.read(file)).hasMessageContaining(file + ":1: expected exactly one of the fields 'answer' or 'completion', got neither");
        Files.writeString(file, "{\"task\": \"a\", \"answer\": \"x\"}\n");
        assertThatThrownBy(() -> AnswerFile.read(file)).hasMessageContaining(file + ":1: unknown field 'task'");
        Files.writeString(file, "{\"task_id\": \"a\", \"answer\": 42}\n");
        assertThatThrownBy(() -> AnswerFile.read(file)).hasMessageContaining(file + ":1: field 'answer': expected text, got number 42");
    }
}
