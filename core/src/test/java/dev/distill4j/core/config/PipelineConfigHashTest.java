package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineConfigHashTest {
    private static final String CONFIG = """
            run:
              name: demo
              seed: 3
            tasks:
              family: arith
              options: {digits: [2, 4], operations: [add, mul]}
            teacher:
              endpoints:
                - name: local
                  base_url: http://127.0.0.1:8000/v1
                  model: teacher-arith
              sampling:
                n: 8
                temperature: 1.0
            """;

    private static final String SAME_CONFIG_REORDERED = """
            # the same pipeline, written in another order, in flow style, with comments
            teacher:
              sampling: {temperature: 1, n: 8}   # 1 and 1.0 are the same number
              endpoints:
                - {model: teacher-arith, base_url: 'http://127.0.0.1:8000/v1', name: local}
            tasks:
              options:
                operations: [add, mul]
                digits: [2, 4]
              family: arith
            run: {seed: 3, name: demo}
            """;

    private static PipelineConfig parse(String yaml) {
        return PipelineConfigLoader.parse(yaml, "hash.yaml");
    }

    @Test
    void should_hash_the_same_config_the_same_whatever_its_key_order_style_and_comments() {
        assertThat(parse(SAME_CONFIG_REORDERED).hash()).isEqualTo(parse(CONFIG).hash());
        assertThat(parse(SAME_CONFIG_REORDERED)).isEqualTo(parse(CONFIG));
    }

    @Test
    void should_hash_spelled_out_defaults_like_omitted_ones() {
        String withDefaults = CONFIG + """
                verifier: {type: task, options: {}}
                curation: {min_score: 1.0, dedup: near, ngram: 13}
                training: {mode: sft, seed: 3, learning_rate: 1.0e-3}
                evaluation: {k: [1]}
                """;

        assertThat(parse(withDefaults).hash()).isEqualTo(parse(CONFIG).hash());
    }

    @Test
    void should_change_the_hash_when_a_value_changes() {
        String hotter = CONFIG.replace("temperature: 1.0", "temperature: 0.9");
        String otherSeed = CONFIG.replace("seed: 3", "seed: 4");
        String otherOption = CONFIG.replace("digits: [2, 4]", "digits: [2, 5]");

        String hash = parse(CONFIG).hash();
        assertThat(List.of(parse(hotter).hash(), parse(otherSeed).hash(), parse(otherOption).hash()))
                .doesNotContain(hash)
                .doesNotHaveDuplicates();
    }

    @Test
    void should_give_a_sha256_hex_digest() {
        assertThat(parse(CONFIG).hash()).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void should_render_sorted_snake_case_keys_with_defaults_filled_in() throws Exception {
        JsonNode json = new ObjectMapper().readTree(parse(CONFIG).canonicalJson());

        assertThat(fieldNames(json)).containsExactly("curation", "evaluation", "run", "student", "tasks", "teacher", "training",
                "verifier");
        assertThat(fieldNames(json.get("teacher").get("sampling"))).containsExactly("logprobs", "max_tokens", "n", "seed", "stop",
                "temperature", "top_logprobs", "top_p");
        assertThat(fieldNames(json.get("tasks").get("options"))).containsExactly("digits", "operations");
        assertThat(json.get("training").get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("curation").get("dedup").asText()).isEqualTo("near");
        assertThat(json.has("source")).isFalse();
    }

    @Test
    void should_hash_the_same_config_the_same_in_any_checkout(@org.junit.jupiter.api.io.TempDir Path folder) {
        String withFile = "run: {name: demo}\ntasks: {file: data/tasks.jsonl}\n";

        PipelineConfig here = PipelineConfigLoader.parse(withFile, "a.yaml", folder.resolve("checkout-a"));
        PipelineConfig there = PipelineConfigLoader.parse(withFile, "a.yaml", folder.resolve("checkout-b"));

        assertThat(here.tasks().file()).isNotEqualTo(there.tasks().file());
        assertThat(here.hash()).isEqualTo(there.hash());
        assertThat(here.canonicalJson()).contains("\"file\":\"data/tasks.jsonl\"", "\"dir\":\"runs\"");
    }

    @Test
    void should_change_the_hash_when_a_path_changes() {
        String withFile = "run: {name: demo}\ntasks: {file: data/tasks.jsonl}\n";

        assertThat(parse(withFile.replace("data/", "other/")).hash()).isNotEqualTo(parse(withFile).hash());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
