package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointExtraFilesTest {
    @TempDir
    Path dir;

    private static final String TOKENIZER = "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}";

    @Test
    void should_write_extra_files_into_the_same_checkpoint_folder() throws Exception {
        ModelConfig config = SeededWeights.tinyLlama(false);
        Path out = dir.resolve("model");
        Checkpoint.write(out, config, SeededWeights.of(config, 1), TOKENIZER,
                Map.of("tokenizer_config.json", "{\"chat_template\": \"x\"}", "README.md", "# model\n"), null, Map.of(), DType.F32);
        assertThat(Files.readString(out.resolve("tokenizer_config.json"))).isEqualTo("{\"chat_template\": \"x\"}");
        assertThat(Files.readString(out.resolve("README.md"))).isEqualTo("# model\n");
        assertThat(Checkpoint.read(out).config()).isEqualTo(config);
    }

    @Test
    void should_refuse_extra_files_that_would_replace_checkpoint_files_or_leave_the_folder() {
        ModelConfig config = SeededWeights.tinyLlama(false);
        for (String name : new String[] {"config.json", "model.safetensors", "../escape.txt", ".hidden"}) {
            assertThatThrownBy(() -> Checkpoint.write(dir.resolve("m"), config, SeededWeights.of(config, 1), TOKENIZER, Map.of(name, "x"), null,
                    Map.of(), DType.F32)).as(name).hasMessageContaining("extra_files");
        }
        assertThat(dir.resolve("m")).doesNotExist();
    }
}
