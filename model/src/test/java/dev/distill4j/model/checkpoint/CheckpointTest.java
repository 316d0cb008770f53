package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Provenance;
import dev.distill4j.model.ModelConfig;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final String TOKENIZER = "{\"version\":\"1.0\",\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"a\":0},\"unk_token\":\"a\"}}";

    @TempDir
    Path root;

    private final ModelConfig config = SeededWeights.tinyLlama(false);
    private final Map<String, Tensor> weights = SeededWeights.of(config, 42);
    private final Map<String, String> provenance = Checkpoint.provenanceMetadata(new Provenance("run-1", "abc123", 42, "0.1.0"));

    private Path write(Path dir, ModelConfig config, Map<String, Tensor> weights, DType dtype) {
        Checkpoint.write(dir, config, weights, TOKENIZER, GenerationConfig.of(config).withMaxNewTokens(32), provenance, dtype);
        return dir;
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void should_read_back_the_config_weights_tokenizer_generation_defaults_and_provenance_it_wrote() throws Exception {
        Path dir = write(root.resolve("student"), config, weights, DType.F32);

        assertThat(list(dir)).containsExactly("config.json", "generation_config.json", "model.safetensors", "tokenizer.json");
        assertThat(list(root)).containsExactly("student");
        Checkpoint checkpoint = Checkpoint.read(dir);
        assertThat(checkpoint.config()).isEqualTo(config);
        assertThat(checkpoint.weights()).containsExactlyEntriesOf(weights);
        assertThat(checkpoint.tokenizer()).hasContent(TOKENIZER);
        assertThat(checkpoint.generation()).isEqualTo(new GenerationConfig(1, List.of(2), 32, null, null, null));
        assertThat(checkpoint.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "format", "pt", "run", "run-1", "config_hash", "abc123", "seed", "42", "code_version", "0.1.0"));
    }

    @Test
    void should_give_byte_identical_files_on_save_load_save() throws Exception {
        Path first = write(root.resolve("first"), config, weights, DType.BF16);
        Checkpoint loaded = Checkpoint.read(first);
        Path second = root.resolve("second");
        Checkpoint.write(second, loaded.config(), loaded.weights(), loaded.tokenizer(), loaded.generation(), loaded.metadata(), DType.BF16);

        for (String file : List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json")) {
            assertThat(Files.mismatch(first.resolve(file), second.resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    @Test
    void should_store_bfloat16_rounded_to_nearest_even() throws Exception {
        Map<String, Tensor> rounded = new LinkedHashMap<>(weights);
        float[] norm = new float[8];
        norm[0] = 1.00390625f; // halfway between bfloat16 1.0 and 1.0078125: to the even one, 1.0
        norm[1] = 1.01171875f; // halfway between 1.0078125 and 1.015625: to the even one, 1.015625
        norm[2] = 0.5f;
        rounded.put("model.norm.weight", Tensor.of("model.norm.weight", norm, 8));
        Checkpoint checkpoint = Checkpoint.read(write(root.resolve("bf16"), config, rounded, DType.BF16));
        assertThat(checkpoint.weights().get("model.norm.weight").data()).containsExactly(1.0f, 1.015625f, 0.5f, 0, 0, 0, 0, 0);
        assertThat(Files.size(root.resolve("bf16/model.safetensors"))).isLessThan(Files.size(write(root.resolve("f32"), config, weights, DType.F32)
                .resolve("model.safetensors")) / 2 + 4096);
    }

    @Test
    void should_leave_out_the_output_head_of_tied_embeddings_and_ignore_it_when_present() throws Exception {
        ModelConfig tied = SeededWeights.tinyLlama(true);
        Map<String, Tensor> tiedWeights = SeededWeights.of(tied, 1);
        Path dir = write(root.resolve("tied"), tied, tiedWeights, DType.F32);
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            assertThat(file.tensors()).doesNotContainKey("lm_head.weight").hasSize(2 + 2 * 9);
        }

        // As some transformers versions save it: the shared matrix a second time.
        List<Tensor> withHead = new ArrayList<>(tiedWeights.values());
        withHead.add(new Tensor("lm_head.weight", new long[] {16, 8}, tiedWeights.get("model.embed_tokens.weight").data()));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), withHead, Map.of("format", "pt"), DType.F32);
        Checkpoint checkpoint = Checkpoint.read(dir);
        assertThat(checkpoint.weights()).doesNotContainKey("lm_head.weight").containsExactlyEntriesOf(tiedWeights);
    }

    @Test
    void should_list_every_missing_unexpected_and_misshapen_tensor_in_one_message() throws Exception {
        Path dir = write(root.resolve("broken"), config, weights, DType.F32);
        Map<String, Tensor> broken = new LinkedHashMap<>(weights);
        broken.remove("model.layers.1.self_attn.k_proj.weight");
        broken.put("model.layers.1.mlp.up_proj.weight", Tensor.of("model.layers.1.mlp.up_proj.weight", new float[96], 8, 12));
        broken.put("model.layers.2.input_layernorm.weight", Tensor.of("model.layers.2.input_layernorm.weight", new float[8], 8));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), broken.values(), Map.of("format", "pt"), DType.F32);

        assertThatThrownBy(() -> Checkpoint.read(dir)).isInstanceOf(CheckpointException.class).hasMessage(
                dir.resolve("model.safetensors") + " does not match config.json (" + config.summary() + "):\n"
                        + "  missing tensor model.layers.1.self_attn.k_proj.weight: expected shape [4, 8]\n"
                        + "  model.layers.1.mlp.up_proj.weight: expected shape [12, 8], got [8, 12]\n"
                        + "  unexpected tensor model.layers.2.input_layernorm.weight [8] (config.json has num_hidden_layers 2)\n"
                        + "config.json expects these 21 tensors: model.embed_tokens.weight, model.layers.{0..1}.input_layernorm.weight,"
                        + " model.layers.{0..1}.self_attn.q_proj.weight, model.layers.{0..1}.self_attn.k_proj.weight,"
                        + " model.layers.{0..1}.self_attn.v_proj.weight, model.layers.{0..1}.self_attn.o_proj.weight,"
                        + " model.layers.{0..1}.post_attention_layernorm.weight, model.layers.{0..1}.mlp.gate_proj.weight,"
                        + " model.layers.{0..1}.mlp.up_proj.weight, model.layers.{0..1}.mlp.down_proj.weight, model.norm.weight, lm_head.weight");
    }

    @Test
    void should_refuse_to_write_weights_that_do_not_match_the_config_and_write_nothing() {
        Map<String, Tensor> missing = new LinkedHashMap<>(weights);
        missing.remove("lm_head.weight");
        assertThatThrownBy(() -> write(root.resolve("never"), config, missing, DType.F32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing tensor lm_head.weight: expected shape [16, 8]");
        assertThat(root.resolve("never")).doesNotExist();

        Map<String, Tensor> misnamed = new LinkedHashMap<>(weights);
        misnamed.put("model.norm.weight", Tensor.of("norm", new float[8], 8));
        assertThatThrownBy(() -> write(root.resolve("never"), config, misnamed, DType.F32))
                .hasMessageContaining("the tensor under 'model.norm.weight' is named 'norm'");
    }

    @Test
    void should_replace_an_existing_checkpoint_but_not_a_folder_of_other_files() throws Exception {
        Path dir = write(root.resolve("student"), config, weights, DType.F32);
        Map<String, Tensor> retrained = SeededWeights.of(config, 43);
        write(dir, config, retrained, DType.F32);
        assertThat(Checkpoint.read(dir).weights()).containsExactlyEntriesOf(retrained);
        assertThat(list(root)).containsExactly("student");

        Path home = Files.createDirectories(root.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "precious");
        assertThatThrownBy(() -> write(home, config, weights, DType.F32))
                .hasMessage(home + " exists and is not a checkpoint (no config.json); not replacing it");
        assertThat(home.resolve("notes.txt")).hasContent("precious");
    }

    @Test
    void should_copy_the_tokenizer_from_a_file_even_when_it_is_in_the_checkpoint_being_replaced() throws Exception {
        Path dir = write(root.resolve("student"), config, weights, DType.F32);
        Checkpoint.write(dir, config, weights, dir.resolve("tokenizer.json"), null, Map.of(), DType.F32);
        Checkpoint checkpoint = Checkpoint.read(dir);
        assertThat(checkpoint.tokenizer()).hasContent(TOKENIZER);
        assertThat(checkpoint.generation()).isEqualTo(GenerationConfig.of(config));
        assertThat(checkpoint.metadata()).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void should_reject_tokenizer_text_that_is_not_json_a_foreign_format_and_token_ids_outside_the_vocabulary() {
        assertThatThrownBy(() -> Checkpoint.write(root.resolve("x"), config, weights, "models/teacher/tokenizer.json", null, Map.of(), DType.F32))
                .hasMessage("field 'tokenizerJson': expected the text of a tokenizer.json (a JSON object), got 'models/teacher/tokenizer.json'");
        assertThatThrownBy(() -> Checkpoint.write(root.resolve("x"), config, weights, TOKENIZER, null, Map.of("format", "tf"), DType.F32))
                .hasMessageContaining("metadata 'format': expected \"pt\"");
        GenerationConfig outside = new GenerationConfig(1, List.of(16), null, null, null, null);
        assertThatThrownBy(() -> Checkpoint.write(root.resolve("x"), config, weights, TOKENIZER, outside, Map.of(), DType.F32))
                .hasMessage("generation config: token id 16 is outside the vocabulary (vocab_size 16)");
        assertThat(root.resolve("x")).doesNotExist();
    }

    @Test
    void should_say_which_file_is_truncated() throws Exception {
        Path dir = write(root.resolve("cut"), config, weights, DType.F32);
        Path weightsFile = dir.resolve("model.safetensors");
        try (FileChannel channel = FileChannel.open(weightsFile, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 1);
        }
        // The last tensor in name order holds the last bytes.
        assertThatThrownBy(() -> Checkpoint.read(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(weightsFile + ": tensor 'model.norm.weight': data_offsets [")
                .hasMessageEndingWith("the file is truncated");
    }

    @Test
    void should_say_what_is_missing_from_a_folder() throws Exception {
        Path dir = write(root.resolve("student"), config, weights, DType.F32);
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> Checkpoint.read(dir)).hasMessage("no tokenizer.json in " + dir + ": a checkpoint carries its tokenizer");
        Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
        assertThatThrownBy(() -> Checkpoint.read(dir)).hasMessageStartingWith("no model.safetensors in " + dir + ", only pytorch_model.bin");
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> Checkpoint.read(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage("no config.json at " + dir.resolve("config.json"));
    }

    @Test
    void should_point_at_the_copies_a_write_interrupted_between_its_renames_left() throws Exception {
        Path dir = write(root.resolve("student"), config, weights, DType.F32);
        Path aside = root.resolve(".student.replaced-123");
        Files.move(dir, aside);
        assertThatThrownBy(() -> Checkpoint.read(dir)).hasMessage("no checkpoint at " + dir
                + "; a write to it stopped before it finished and left:\n  " + aside + " (the checkpoint it was replacing)"
                + "\nrename the one to keep to student");
    }

    @Test
    void should_read_weights_sharded_with_an_index() throws Exception {
        Path dir = write(root.resolve("sharded"), config, weights, DType.F32);
        Files.delete(dir.resolve("model.safetensors"));
        List<Tensor> first = new ArrayList<>();
        List<Tensor> second = new ArrayList<>();
        StringBuilder index = new StringBuilder("{\"metadata\": {\"total_size\": 0}, \"weight_map\": {");
        for (Tensor tensor : weights.values()) {
            boolean early = tensor.name().startsWith("model.embed") || tensor.name().startsWith("model.layers.0.");
            (early ? first : second).add(tensor);
            String shard = early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            index.append(index.charAt(index.length() - 1) == '{' ? "" : ", ").append('"').append(tensor.name()).append("\": \"").append(shard).append('"');
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.append("}}").toString());
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), first, Map.of("format", "pt"), DType.F32);
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), second, Map.of("format", "pt"), DType.F32);

        Checkpoint checkpoint = Checkpoint.read(dir);
        assertThat(checkpoint.weights().keySet()).containsExactlyElementsOf(config.expectedTensors().keySet());
        assertThat(checkpoint.weights()).containsExactlyEntriesOf(weights);
        assertThat(checkpoint.metadata()).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void should_reject_an_index_that_puts_a_tensor_in_the_wrong_shard_or_outside_the_folder() throws Exception {
        Path dir = write(root.resolve("sharded"), config, weights, DType.F32);
        Files.move(dir.resolve("model.safetensors"), dir.resolve("model-00001-of-00001.safetensors"));
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\": {\"lm_head.weight\": \"../other/model.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.read(dir)).hasMessage(index
                + ": tensor 'lm_head.weight': expected a .safetensors file name beside the index, got '../other/model.safetensors'");
        Files.writeString(index, "{\"weight_map\": {\"lm_head.weight\": \"model-00001-of-00001.safetensors\", \"extra.weight\": \"model-00001-of-00001.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.read(dir)).hasMessage(index
                + ": lists tensor 'extra.weight' in model-00001-of-00001.safetensors, which does not have it");
    }
}
