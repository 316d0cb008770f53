package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/pipeline.example.yaml is the reference users copy: it must load, and the defaults it documents must be the real ones. */
class ExampleConfigTest {
    /** Tests run in the module folder; the docs live at the repository root. */
    private static final Path EXAMPLE = Path.of("..", "docs", "pipeline.example.yaml");

    @Test
    void should_load_the_documented_example() {
        assertThat(EXAMPLE).exists();

        PipelineConfig config = PipelineConfigLoader.load(EXAMPLE);

        assertThat(config.run().name()).isEqualTo("demo");
        assertThat(config.teacher().endpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.name()).isEqualTo("local");
            assertThat(endpoint.model()).isEqualTo("teacher-arith");
        });
        assertThat(config.tasks().family()).isEqualTo("arith");
        assertThat(config.run().dir()).isEqualTo(EXAMPLE.toAbsolutePath().normalize().getParent().resolve("runs"));
    }

    @Test
    void should_document_the_same_defaults_the_code_applies(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        // The example spells out every default; with them all left out, the effective config must not change.
        Path minimal = folder.resolve("minimal.yaml");
        Files.writeString(minimal, """
                run:
                  name: demo
                teacher:
                  endpoints:
                    - name: local
                      base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                tasks:
                  family: arith
                """);

        assertThat(PipelineConfigLoader.load(minimal).canonicalJson()).isEqualTo(PipelineConfigLoader.load(EXAMPLE).canonicalJson());
    }
}
