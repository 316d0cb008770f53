package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {
    @TempDir
    Path dir;

    @Test
    void should_write_the_keys_hugging_face_reads_and_read_them_back() throws Exception {
        GenerationConfig config = new GenerationConfig(1, List.of(2, 7), 64, 0.7, 0.9, 40);
        JsonNode json = Json.MAPPER.readTree(config.toJsonText());
        assertThat(json.toString())
                .isEqualTo("{\"bos_token_id\":1,\"eos_token_id\":[2,7],\"do_sample\":true,\"max_new_tokens\":64,\"temperature\":0.7,\"top_k\":40,\"top_p\":0.9}");
        Path file = Files.writeString(dir.resolve("generation_config.json"), config.toJsonText());
        assertThat(GenerationConfig.read(file)).isEqualTo(config);
    }

    @Test
    void should_write_greedy_as_no_sampling_and_a_single_eos_as_a_number() throws Exception {
        GenerationConfig greedy = new GenerationConfig(null, List.of(3), null, null, null, null).withTemperature(0);
        assertThat(Json.MAPPER.readTree(greedy.toJsonText()).toString()).isEqualTo("{\"eos_token_id\":3,\"do_sample\":false}");
        assertThat(GenerationConfig.fromJson(Json.MAPPER.readTree(greedy.toJsonText())).temperature()).isZero();
    }

    @Test
    void should_read_a_hugging_face_file_ignoring_keys_it_does_not_use() throws Exception {
        Path file = Files.writeString(dir.resolve("generation_config.json"), """
                {"_from_model_config": true, "bos_token_id": 128000, "eos_token_id": [128001, 128009],
                 "do_sample": true, "temperature": 0.6, "top_p": 0.9, "transformers_version": "4.45.0"}
                """);
        assertThat(GenerationConfig.read(file)).isEqualTo(new GenerationConfig(128000, List.of(128001, 128009), null, 0.6, 0.9, null));
        Files.writeString(file, "{\"do_sample\": false, \"temperature\": 0.6}");
        assertThat(GenerationConfig.read(file).temperature()).as("HF ignores the temperature when not sampling").isZero();
        Files.writeString(file, "{\"do_sample\": true}");
        assertThat(GenerationConfig.read(file).temperature()).as("HF's default temperature").isEqualTo(1.0);
    }

    @Test
    void should_name_the_file_and_field_of_a_bad_value() throws Exception {
        Path file = Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": \"</s>\"}");
        assertThatThrownBy(() -> GenerationConfig.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": field 'eos_token_id': expected a token id or a list of them, got \"</s>\"");
        Files.writeString(file, "{\"top_p\": 1.5}");
        assertThatThrownBy(() -> GenerationConfig.read(file)).hasMessage(file + ": field 'top_p': expected a number in (0, 1], got 1.5");
        assertThatThrownBy(() -> new GenerationConfig(null, List.of(), 0, null, null, null))
                .hasMessage("field 'max_new_tokens': expected a number > 0, got 0");
    }
}
