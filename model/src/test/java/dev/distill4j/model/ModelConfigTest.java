package dev.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
    @TempDir
    Path dir;

    /** Shaped like the config.json of Qwen/Qwen2-0.5B-Instruct, with the keys this decoder does not use left in. */
    private static final String QWEN2 = """
            {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151645,
             "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02, "intermediate_size": 4864,
             "max_position_embeddings": 32768, "max_window_layers": 24, "model_type": "qwen2", "num_attention_heads": 14,
             "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
             "sliding_window": 32768, "tie_word_embeddings": true, "torch_dtype": "bfloat16", "transformers_version": "4.40.1",
             "use_cache": true, "use_sliding_window": false, "vocab_size": 151936}
            """;

    @Test
    void should_read_a_qwen2_config_with_bias_tied_embeddings_and_grouped_query_attention() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, QWEN2);
        ModelConfig config = ModelConfig.read(file);
        assertThat(config.architecture()).isEqualTo(ModelConfig.QWEN2);
        assertThat(config.headDim()).isEqualTo(64); // 896 / 14
        assertThat(config.queriesPerKeyValue()).isEqualTo(7);
        assertThat(config.qkvBias()).isTrue();
        assertThat(config.outputBias()).isFalse();
        assertThat(config.tieWordEmbeddings()).isTrue();
        assertThat(config.expectedTensors()).containsKey("model.layers.23.self_attn.k_proj.bias").doesNotContainKey("lm_head.weight");
        assertThat(config.expectedTensors().get("model.layers.0.self_attn.k_proj.weight")).containsExactly(128, 896); // 2 kv heads x 64
        // Qwen2-0.5B's published size: 494,032,768 parameters (tied embeddings counted once).
        assertThat(config.parameterCount()).isEqualTo(494_032_768L);
    }

    @Test
    void should_count_a_small_llamas_parameters_by_hand() {
        // vocab 10, d 8, inter 12, 1 layer, 2 heads, 1 kv head (head 4), untied:
        // embed 80 + norms 8+8 + q 64 + k 32 + v 32 + o 64 + gate 96 + up 96 + down 96 + final norm 8 + head 80 = 664
        ModelConfig config = ModelConfig.llama(10, 8, 12, 1, 2, 1, 16);
        assertThat(config.parameterCount()).isEqualTo(664);
    }

    @Test
    void should_write_a_config_that_reads_back_equal() throws Exception {
        ModelConfig config = new ModelConfig(ModelConfig.LLAMA, 99, 64, 176, 3, 4, 2, 16, 512, 1e-5, 10000.0, false, false, false, 1, 7);
        Path file = dir.resolve("config.json");
        Files.writeString(file, config.toJsonText());
        assertThat(ModelConfig.read(file)).isEqualTo(config);
    }

    @Test
    void should_name_the_field_of_an_inconsistent_config() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, QWEN2.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3"));
        assertThatThrownBy(() -> ModelConfig.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("field 'num_key_value_heads': expected a divisor of num_attention_heads (14), got 3");
        Files.writeString(file, QWEN2.replace("\"Qwen2ForCausalLM\"", "\"MistralForCausalLM\""));
        assertThatThrownBy(() -> ModelConfig.read(file)).hasMessageContaining("field 'architectures'").hasMessageContaining("MistralForCausalLM");
        Files.writeString(file, QWEN2.replace("\"hidden_size\": 896,", ""));
        assertThatThrownBy(() -> ModelConfig.read(file)).hasMessageContaining("field 'hidden_size': expected a whole number, got nothing");
        assertThatThrownBy(() -> ModelConfig.read(dir.resolve("none.json"))).hasMessageContaining("no config.json at");
    }
}
