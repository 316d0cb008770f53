package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of a running batch: what a server killed mid-append leaves behind is read back without the torn line. */
class BatchAnswersTest {
    @TempDir
    Path dir;

    private static ObjectNode answer(String customId, int promptTokens, int completionTokens) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens);
        return BatchRunner.line(customId, 200, body, null);
    }

    @Test
    void should_cut_a_torn_last_line_and_count_only_the_complete_ones() throws Exception {
        Path journal = dir.resolve("batch_x.answers.jsonl");
        try (BatchAnswers answers = BatchAnswers.open(journal)) {
            answers.append(answer("a", 10, 4));
            answers.append(BatchRunner.line("b", 400, Json.MAPPER.createObjectNode().put("error", "bad"), null));
        }
        long complete = Files.size(journal);
        // A process killed in the middle of its third append.
        String torn = answer("c", 10, 4).toString();
        Files.writeString(journal, torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (BatchAnswers reopened = BatchAnswers.open(journal)) {
            assertThat(Files.size(journal)).isEqualTo(complete);
            assertThat(reopened.answered("a")).isTrue();
            assertThat(reopened.answered("b")).isTrue();
            assertThat(reopened.answered("c")).as("the torn answer runs again").isFalse();
            assertThat(reopened.counts(3)).isEqualTo(new BatchRecord.Counts(3, 1, 1));
            assertThat(reopened.usage()).isEqualTo(new BatchRecord.TokenUsage(10, 4));
            reopened.append(answer("c", 7, 2));
            assertThat(reopened.lines().keySet()).containsExactly("a", "b", "c");
            assertThatThrownBy(() -> reopened.append(answer("a", 1, 1))).hasMessageContaining("'a' is answered already");
        }
        List<String> lines = Files.readAllLines(journal);
        assertThat(lines).hasSize(3);
        assertThat(Json.MAPPER.readTree(lines.get(2)).path("custom_id").asText()).isEqualTo("c");
    }

    @Test
    void should_refuse_a_journal_whose_complete_line_is_damaged_naming_the_line() throws Exception {
        Path journal = dir.resolve("batch_y.answers.jsonl");
        Files.writeString(journal, answer("a", 1, 1) + "\n{not json}\n");

        assertThatThrownBy(() -> BatchAnswers.open(journal)).hasMessageContaining(journal + ":2");
    }
}
