package dev.distill4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.VerifierProvider;
import dev.distill4j.core.verify.Verifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFileTest {
    @TempDir
    Path dir;

    /** A stand-in verifier registry: core must not depend on the built-in verifiers of module tasks. */
    static final Verifiers VERIFIERS = new Verifiers(List.of(provider("integer", Set.of()), provider("exact", Set.of("ignore_case"))));

    private static VerifierProvider provider(String type, Set<String> options) {
        return new VerifierProvider() {
            public String type() {
                return type;
            }

            public Set<String> options() {
                return options;
            }

            public String description() {
                return type;
            }

            public dev.distill4j.core.verify.Verifier create(VerifierSpec spec) {
                return (task, completion) -> Judgement.fail("stand-in", null);
            }
        };
    }

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("tasks.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void should_read_the_short_hand_written_form_with_defaults() throws Exception {
        Path file = file("{\"prompt\": \"What is 17 * 3?\", \"reference\": 51, \"verifier\": \"integer\"}",
                "",
                "{\"messages\": [{\"role\": \"system\", \"content\": \"Terse.\"}, {\"role\": \"user\", \"content\": \"Capital of France?\"}],"
                        + " \"reference\": \"Paris\", \"verifier\": {\"type\": \"exact\", \"ignore_case\": true}, \"split\": \"eval\", \"id\": \"geo-1\"}");
        List<Task> tasks = TaskFile.read(file, VERIFIERS);
        assertThat(tasks).hasSize(2);
        Task first = tasks.get(0);
        assertThat(first.family()).isEqualTo("custom");
        assertThat(first.split()).isEqualTo(Split.TRAIN);
        assertThat(first.messages()).containsExactly(ChatMessage.user("What is 17 * 3?"));
        assertThat(first.reference()).isEqualTo("51");
        assertThat(first.verifier()).isEqualTo(VerifierSpec.of("integer"));
        assertThat(first.id()).startsWith("custom:").hasSize("custom:".length() + 16);
        Task second = tasks.get(1);
        assertThat(second.id()).isEqualTo("geo-1");
        assertThat(second.split()).isEqualTo(Split.EVAL);
        assertThat(second.verifier().options()).containsEntry("ignore_case", true);
        assertThat(second.question()).isEqualTo("Capital of France?");
    }

    @Test
    void should_derive_the_same_id_for_the_same_content_and_another_for_other_content() throws Exception {
        Path file = file("{\"prompt\": \"2+2?\", \"reference\": \"4\", \"verifier\": \"integer\"}");
        String id = TaskFile.read(file, VERIFIERS).get(0).id();
        assertThat(TaskFile.read(file, VERIFIERS).get(0).id()).isEqualTo(id);
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, "{\"prompt\": \"2+2?\", \"reference\": \"5\", \"verifier\": \"integer\"}\n");
        assertThat(TaskFile.read(other, VERIFIERS).get(0).id()).isNotEqualTo(id);
    }

    @Test
    void should_keep_an_object_reference_as_compact_json_with_sorted_keys() throws Exception {
        Path file = file("{\"prompt\": \"x\", \"reference\": {\"total\": 12.5, \"customer\": \"ACME\"}, \"verifier\": \"exact\"}");
        assertThat(TaskFile.read(file, VERIFIERS).get(0).reference()).isEqualTo("{\"customer\":\"ACME\",\"total\":12.5}");
    }

    @Test
    void should_read_back_exactly_what_it_wrote() {
        Task task = new Task("arith:1", "arith", Split.EVAL, List.of(ChatMessage.user("What is 12 + 30?")), "42",
                "2+0=2 c0\n1+3+0=4 c0\nAnswer: 42", VerifierSpec.of("integer"), Map.of("op", "add", "difficulty", 2));
        Path file = dir.resolve("out.jsonl");
        TaskFile.write(file, List.of(task));
        assertThat(TaskFile.read(file, VERIFIERS)).containsExactly(task);
    }

    @Test
    void should_name_file_line_and_field_of_each_kind_of_mistake() throws Exception {
        String ok = "{\"prompt\": \"q\", \"reference\": \"1\", \"verifier\": \"integer\"}";
        assertError(file(ok, "{\"promt\": \"q\", \"reference\": \"1\", \"verifier\": \"integer\"}"),
                ":2: unknown field 'promt' (did you mean 'prompt'?)");
        assertError(file("{\"prompt\": \"q\", \"messages\": [], \"reference\": \"1\", \"verifier\": \"integer\"}"),
                ":1: expected exactly one of the fields 'prompt' (text) or 'messages' (chat messages), got both");
        assertError(file(ok, ok.replace("\"1\"", "\"2\""), "{\"prompt\": \"q\", \"verifier\": \"integer\"}"),
                ":3: field 'reference': expected the reference answer");
        assertError(file(ok, ok), ":2: the same task (family, prompt and reference) already appears on line 1");
        assertError(file("{\"prompt\": \"q\", \"reference\": \"1\", \"verifier\": \"integr\"}"),
                ":1: field 'verifier': unknown verifier 'integr' (did you mean 'integer'?)");
        assertError(file("{\"prompt\": \"q\", \"reference\": \"1\", \"verifier\": {\"type\": \"exact\", \"ignore_cas\": true}}"),
                ":1: field 'verifier': verifier 'exact' has no option 'ignore_cas' (did you mean 'ignore_case'?)");
        assertError(file("{\"messages\": [{\"role\": \"human\", \"content\": \"hi\"}], \"reference\": \"1\", \"verifier\": \"integer\"}"),
                ":1: field 'messages[0].role': expected one of [assistant, developer, system, tool, user], got 'human'");
        assertError(file("{\"id\": \"a\", " + ok.substring(1), "{\"id\": \"a\", " + ok.substring(1)),
                ":2: field 'id': task 'a' already appears on line 1");
        assertError(file("{\"prompt\": \"q\", \"reference\": \"1\", \"verifier\": \"integer\", \"split\": \"dev\"}"),
                ":1: field 'split': expected 'train' or 'eval'");
        assertError(file("[1, 2]"), ":1: expected a JSON object, got array");
        assertError(file("{\"prompt\": \"q\""), ":1: not valid JSON");
    }

    @Test
    void should_say_when_the_file_does_not_exist() {
        assertThatThrownBy(() -> TaskFile.read(dir.resolve("nope.jsonl"), VERIFIERS)).hasMessage("no such file: " + dir.resolve("nope.jsonl"));
    }

    private static void assertError(Path file, String expected) {
        assertThatThrownBy(() -> TaskFile.read(file, VERIFIERS)).isInstanceOf(InputException.class).hasMessageContaining(file + expected);
    }
}
