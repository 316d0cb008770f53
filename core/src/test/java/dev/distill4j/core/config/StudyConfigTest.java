package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code study:} section: read from YAML, defaults filled in, bad values refused at their line. */
class StudyConfigTest {
    private static final String HEAD = """
            run: {name: demo}
            tasks: {family: arith}
            """;

    private static ConfigException errorOf(String study) {
        try {
            PipelineConfigLoader.parse(HEAD + study, "p.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + study);
    }

    @Test
    void should_read_every_key() {
        StudyConfig study = PipelineConfigLoader.parse(HEAD + """
                study:
                  sources: [gold, teacher-verified]
                  sizes: [32, 64]
                  seeds: [3]
                  presets: [micro, tiny]
                  steps: 50
                  batch_size: 8
                  learning_rate: 1.0e-3
                  warmup_ratio: 0.1
                  workers: 1
                  fractions: [0.9]
                """, "p.yaml").study();

        assertThat(study).isEqualTo(new StudyConfig(List.of("gold", "teacher-verified"), List.of(32, 64), List.of(3L), List.of("micro", "tiny"),
                50, 8, 1e-3, 0.1, 1, List.of(0.9)));
    }

    @Test
    void should_leave_the_section_out_of_the_config_hash_when_absent_and_fill_the_defaults_when_asked() {
        PipelineConfig config = PipelineConfigLoader.parse(HEAD, "p.yaml");
        assertThat(config.study()).isNull();
        assertThat(config.canonicalJson()).doesNotContain("study");
        StudyConfig defaults = config.studyOrDefault();
        // Every source but distillation, which needs the teacher's logprobs asked for in the teacher section.
        assertThat(defaults.sources()).containsExactly("gold", "expert", "teacher-verified", "teacher-unverified");
        assertThat(StudyConfig.SOURCES).contains("teacher-kd");
        assertThat(defaults.presets()).containsExactly("micro");
        assertThat(PipelineConfigLoader.parse(HEAD + "study: {steps: 10}\n", "p.yaml").study().sizes()).isEqualTo(defaults.sizes());
    }

    @Test
    void should_refuse_an_unknown_source_at_its_line() {
        ConfigException error = errorOf("""
                study:
                  sources: [gold, teacher]
                """);
        assertThat(error.getMessage()).startsWith("p.yaml:4:").contains("study.sources[1]").contains("'teacher'").contains("teacher-verified");
    }

    @Test
    void should_refuse_repeated_sizes_an_unknown_preset_and_a_fraction_above_one() {
        assertThat(errorOf("study: {sizes: [64, 64]}\n").getMessage()).contains("study.sizes[1]").contains("distinct");
        assertThat(errorOf("study: {presets: [huge]}\n").getMessage()).contains("study.presets[0]").contains("micro");
        assertThat(errorOf("study: {fractions: [1.5]}\n").getMessage()).contains("study.fractions[0]");
        assertThat(errorOf("study: {steps: 0}\n").getMessage()).contains("study.steps");
        assertThat(errorOf("study: {step: 10}\n").getMessage()).contains("did you mean 'steps'?");
    }
}
