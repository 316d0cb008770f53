package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import dev.distill4j.core.verify.Verifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {
    /** A stand-in family: takes 'digits' (an integer from 1 to 9) and 'operations'. */
    private static final class ArithFamily implements TaskFamily {
        @Override
        public String name() {
            return "arith";
        }

        @Override
        public String description() {
            return "addition and multiplication";
        }

        @Override
        public Map<String, String> options() {
            return Map.of("digits", "how many digits", "operations", "add, mul");
        }

        @Override
        public List<Task> generate(TaskRequest request) {
            Object digits = request.options().get("digits");
            if (digits != null && !(digits instanceof Integer d && d >= 1 && d <= 9)) {
                throw new IllegalArgumentException("option 'digits': expected an integer in [1, 9], got " + digits);
            }
            return List.of();
        }
    }

    /** A stand-in verifier type taking 'tolerance' (a number >= 0). */
    private static final class NumberVerifierProvider implements VerifierProvider {
        @Override
        public String type() {
            return "number";
        }

        @Override
        public Set<String> options() {
            return Set.of("tolerance");
        }

        @Override
        public String description() {
            return "numbers within a tolerance";
        }

        @Override
        public Verifier create(VerifierSpec spec) {
            if (spec.option("tolerance", 0.0) instanceof Number tolerance && tolerance.doubleValue() >= 0) {
                return (task, completion) -> Judgement.fail("not judged", null);
            }
            throw new IllegalArgumentException("option 'tolerance': expected a number >= 0");
        }
    }

    private static final TaskFamilies FAMILIES = new TaskFamilies(List.of(new ArithFamily()));
    private static final Verifiers VERIFIERS = new Verifiers(List.of(new NumberVerifierProvider()));

    private static ConfigException checkError(String yaml) {
        PipelineConfig config = PipelineConfigLoader.parse(yaml, "check.yaml");
        try {
            ConfigCheck.check(config, FAMILIES, VERIFIERS);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected ConfigCheck to refuse:\n" + yaml);
    }

    @Test
    void should_accept_a_known_family_with_known_options_and_a_known_verifier() {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {family: arith, options: {digits: 3, operations: [add]}}
                verifier: {type: number, options: {tolerance: 0.5}}
                """, "check.yaml");

        assertThat(ConfigCheck.check(config, FAMILIES, VERIFIERS)).isSameAs(config);
    }

    @Test
    void should_suggest_the_known_family_for_a_misspelt_one_at_its_line() {
        ConfigException error = checkError("""
                run:
                  name: demo
                tasks:
                  train: 10
                  family: artih
                """);

        assertThat(error.source()).isEqualTo("check.yaml");
        assertThat(error.line()).isEqualTo(5);
        assertThat(error.column()).isEqualTo(3);
        assertThat(error.field()).isEqualTo("tasks.family");
        assertThat(error.problem()).contains("unknown task family 'artih'", "did you mean 'arith'?");
    }

    @Test
    void should_name_an_unknown_family_option_at_its_line() {
        ConfigException error = checkError("""
                run:
                  name: demo
                tasks:
                  family: arith
                  options:
                    operations: [add]
                    digts: 3
                """);

        assertThat(error.getMessage()).isEqualTo("check.yaml:7:5: tasks.options.digts: unknown option 'digts' for task family"
                + " 'arith' (did you mean 'digits'?); its options are [digits, operations]");
    }

    @Test
    void should_pass_on_the_family_refusing_an_option_value() {
        ConfigException error = checkError("""
                run:
                  name: demo
                tasks:
                  family: arith
                  options:
                    digits: 12
                """);

        assertThat(error.line()).isEqualTo(5);
        assertThat(error.field()).isEqualTo("tasks.options");
        assertThat(error.problem()).isEqualTo("option 'digits': expected an integer in [1, 9], got 12");
    }

    @Test
    void should_suggest_the_known_verifier_for_a_misspelt_type_at_its_line() {
        ConfigException error = checkError("""
                run: {name: demo}
                tasks: {family: arith}
                verifier:
                  type: numbr
                """);

        assertThat(error.line()).isEqualTo(4);
        assertThat(error.field()).isEqualTo("verifier.type");
        assertThat(error.problem()).contains("unknown verifier 'numbr'", "did you mean 'number'?");
    }

    @Test
    void should_name_an_unknown_verifier_option_at_its_line() {
        ConfigException error = checkError("""
                run: {name: demo}
                tasks: {family: arith}
                verifier:
                  type: number
                  options:
                    tolerence: 0.1
                """);

        assertThat(error.line()).isEqualTo(6);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.field()).isEqualTo("verifier.options.tolerence");
        assertThat(error.problem()).contains("has no option 'tolerence'", "did you mean 'tolerance'?");
    }

    @Test
    void should_pass_on_the_verifier_refusing_an_option_value() {
        ConfigException error = checkError("""
                run: {name: demo}
                tasks: {family: arith}
                verifier:
                  type: number
                  options:
                    tolerance: -1
                """);

        assertThat(error.line()).isEqualTo(5);
        assertThat(error.field()).isEqualTo("verifier.options");
        assertThat(error.problem()).contains("'tolerance'", ">= 0");
    }

    @Test
    void should_name_a_task_file_that_is_not_there(@TempDir Path folder) throws Exception {
        Path config = folder.resolve("pipeline.yaml");
        Files.writeString(config, "run: {name: demo}\ntasks:\n  file: missing.jsonl\n");

        ConfigException error = null;
        try {
            ConfigCheck.check(PipelineConfigLoader.load(config), FAMILIES, VERIFIERS);
        } catch (ConfigException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.field()).isEqualTo("tasks.file");
        assertThat(error.problem()).contains("no file", folder.resolve("missing.jsonl").toString());
    }

    @Test
    void should_accept_a_task_file_that_is_there(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("tasks.jsonl"), "");
        Path config = folder.resolve("pipeline.yaml");
        Files.writeString(config, "run: {name: demo}\ntasks: {file: tasks.jsonl}\n");

        assertThatCode(() -> ConfigCheck.check(PipelineConfigLoader.load(config), FAMILIES, VERIFIERS)).doesNotThrowAnyException();
    }

    @Test
    void should_report_a_config_built_in_code_without_a_line() {
        PipelineConfig config = new PipelineConfig(RunConfig.builder().name("demo").build(), null,
                TasksConfig.builder().family("geometry").build(), null, null, null, null, null, null);

        ConfigException error = null;
        try {
            ConfigCheck.check(config, FAMILIES, VERIFIERS);
        } catch (ConfigException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.line()).isZero();
        assertThat(error.getMessage()).startsWith("pipeline config: tasks.family: unknown task family 'geometry'");
    }
}
