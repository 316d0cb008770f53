package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of error names the file, the line and column of the offending key (counted by hand from the
 * YAML in each test; line 1 is the first line of the text block), the field path and what was expected.
 */
class PipelineConfigLoaderErrorsTest {
    private static ConfigException errorOf(String yaml) {
        try {
            PipelineConfigLoader.parse(yaml, "tasks.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void should_point_at_the_line_of_a_value_out_of_range_not_at_its_section() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                teacher:
                  endpoints:
                    - base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                  sampling:
                    n: 8
                    temperature: 3.5
                """);

        assertThat(error.getMessage())
                .isEqualTo("tasks.yaml:11:5: teacher.sampling.temperature: expected a number in [0, 2], got 3.5");
        assertThat(error.source()).isEqualTo("tasks.yaml");
        assertThat(error.line()).isEqualTo(11);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.field()).isEqualTo("teacher.sampling.temperature");
        assertThat(error.problem()).isEqualTo("expected a number in [0, 2], got 3.5");
    }

    @Test
    void should_suggest_the_known_key_for_a_close_typo() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                teacher:
                  endpoints:
                    - base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                  sampling:
                    temprature: 0.7
                """);

        assertThat(error.line()).isEqualTo(10);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.field()).isEqualTo("teacher.sampling.temprature");
        assertThat(error.problem()).isEqualTo("unknown key 'temprature' (did you mean 'temperature'?)");
    }

    @Test
    void should_list_the_known_keys_and_suggest_nothing_for_a_far_typo() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                  colour: blue
                tasks:
                  family: arith
                """);

        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(3);
        assertThat(error.field()).isEqualTo("run.colour");
        assertThat(error.problem()).startsWith("unknown key 'colour'").doesNotContain("did you mean")
                .contains("known keys here: dir, name, seed");
    }

    @Test
    void should_suggest_a_section_name_for_a_misspelt_section() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                evalution:
                  n: 10
                """);

        assertThat(error.line()).isEqualTo(5);
        assertThat(error.column()).isEqualTo(1);
        assertThat(error.field()).isEqualTo("evalution");
        assertThat(error.problem()).isEqualTo("unknown key 'evalution' (did you mean 'evaluation'?)");
    }

    @Test
    void should_reject_a_word_where_a_number_is_expected() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                teacher:
                  endpoints:
                    - base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                  sampling:
                    temperature: hot
                """);

        assertThat(error.getMessage()).isEqualTo("tasks.yaml:10:5: teacher.sampling.temperature: expected a number, got 'hot'");
    }

    @Test
    void should_reject_a_fraction_where_an_integer_is_expected_rather_than_truncate_it() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                  train: 2.5
                """);

        assertThat(error.getMessage()).isEqualTo("tasks.yaml:5:3: tasks.train: expected an integer, got 2.5");
    }

    @Test
    void should_reject_numbers_for_flags_and_quoted_numbers_where_strict_types_are_expected() {
        ConfigException number = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                curation:
                  decontaminate: 1
                """);
        ConfigException quoted = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                evaluation:
                  n: '30'
                """);

        assertThat(number.getMessage()).isEqualTo("tasks.yaml:4:3: curation.decontaminate: expected true or false, got 1");
        assertThat(quoted.getMessage()).isEqualTo("tasks.yaml:4:3: evaluation.n: expected an integer, got '30'");
    }

    @Test
    void should_reject_a_list_where_a_section_is_expected() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                curation: [near]
                """);

        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(1);
        assertThat(error.field()).isEqualTo("curation");
        assertThat(error.problem()).startsWith("expected a mapping").endsWith("got a list");
    }

    @Test
    void should_name_the_allowed_values_of_a_choice_and_suggest_the_close_one() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                curation:
                  min_score: 0.5
                  dedup: neer
                """);

        assertThat(error.getMessage())
                .isEqualTo("tasks.yaml:5:3: curation.dedup: expected one of none, exact, near, got 'neer' (did you mean 'near'?)");
    }

    @Test
    void should_reject_an_integer_too_large_for_its_field() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                training:
                  max_steps: 99999999999
                """);

        assertThat(error.line()).isEqualTo(4);
        assertThat(error.field()).isEqualTo("training.max_steps");
        assertThat(error.problem()).isEqualTo("expected an integer in [-2147483648, 2147483647], got 99999999999");
    }

    @Test
    void should_point_at_the_enclosing_key_when_a_required_key_is_missing() {
        ConfigException error = errorOf("""
                run:
                  seed: 3
                tasks:
                  family: arith
                """);

        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(1);
        assertThat(error.field()).isEqualTo("run.name");
        assertThat(error.problem()).startsWith("expected a run name").contains("got nothing", "required");
    }

    @Test
    void should_name_a_missing_required_section() {
        ConfigException error = errorOf("""
                # a config with no tasks
                run:
                  name: demo
                """);

        assertThat(error.line()).isEqualTo(2);
        assertThat(error.field()).isEqualTo("tasks");
        assertThat(error.problem()).contains("'tasks' section", "got nothing");
    }

    @Test
    void should_index_the_list_element_of_an_endpoint_whose_url_is_invalid() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                teacher:
                  endpoints:
                    - name: local
                      base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                    - name: remote
                      base_url: ftp://example.com/v1
                      model: big
                """);

        assertThat(error.getMessage()).isEqualTo("tasks.yaml:11:7: teacher.endpoints[1].base_url: expected an http or https URL"
                + " such as http://127.0.0.1:8000/v1, got 'ftp://example.com/v1'");
    }

    @Test
    void should_point_at_the_list_element_of_an_endpoint_missing_its_model() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                teacher:
                  endpoints:
                    - name: local
                      base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                    - name: remote
                      base_url: https://example.com/v1
                """);

        assertThat(error.line()).isEqualTo(10);
        assertThat(error.column()).isEqualTo(7);
        assertThat(error.field()).isEqualTo("teacher.endpoints[1].model");
        assertThat(error.problem()).contains("expected the model name", "got nothing");
    }

    @Test
    void should_point_at_the_second_of_two_endpoints_with_one_name() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - {name: fleet, base_url: 'http://10.0.0.1:8000/v1', model: m}
                    - {name: fleet, base_url: 'http://10.0.0.2:8000/v1', model: m}
                """);

        assertThat(error.line()).isEqualTo(6);
        assertThat(error.column()).isEqualTo(8);
        assertThat(error.field()).isEqualTo("teacher.endpoints[1].name");
        assertThat(error.problem()).contains("'fleet' a second time");
    }

    @Test
    void should_point_at_the_list_element_refused_inside_a_list_of_numbers() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                evaluation:
                  k:
                    - 1
                    - 0
                """);

        assertThat(error.getMessage()).isEqualTo("tasks.yaml:6:7: evaluation.k[1]: expected an integer >= 1, got 0");
    }

    @Test
    void should_report_a_cross_field_rule_at_the_key_that_breaks_it() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                  sampling:
                    top_logprobs: 5
                """);

        assertThat(error.getMessage())
                .isEqualTo("tasks.yaml:8:5: teacher.sampling.top_logprobs: expected 0 unless 'logprobs' is true, got 5");
    }

    @Test
    void should_refuse_both_family_and_file_at_the_second_one() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks:
                  family: arith
                  file: my-tasks.jsonl
                """);

        assertThat(error.getMessage()).isEqualTo("tasks.yaml:4:3: tasks.file: expected exactly one of 'family' or 'file', got both");
    }

    @Test
    void should_report_a_yaml_syntax_error_at_its_line() {
        ConfigException error = errorOf("run:\n  name: demo\ntasks:\n\tfamily: arith\n");

        assertThat(error.line()).isEqualTo(4);
        assertThat(error.column()).isEqualTo(1);
        assertThat(error.field()).isEmpty();
        assertThat(error.problem()).startsWith("invalid YAML:").contains("TAB");
    }

    @Test
    void should_say_where_an_unclosed_quote_started() {
        ConfigException error = errorOf("""
                run:
                  name: 'demo
                tasks:
                  family: arith
                """);

        assertThat(error.problem()).startsWith("invalid YAML:").contains("quoted scalar", "line 2, column 9");
    }

    @Test
    void should_reject_an_empty_file() {
        ConfigException empty = errorOf("");
        ConfigException onlyComments = errorOf("# to do: write the config\n");

        assertThat(empty.getMessage()).startsWith("tasks.yaml:1:1: the file is empty");
        assertThat(onlyComments.problem()).startsWith("the file is empty").contains("'run' and 'tasks'");
    }

    @Test
    void should_reject_a_top_level_that_is_not_a_mapping() {
        ConfigException error = errorOf("- run\n- tasks\n");

        assertThat(error.line()).isEqualTo(1);
        assertThat(error.problem()).isEqualTo("expected a mapping of sections (run:, tasks:, ...), got a list");
    }

    @Test
    void should_reject_a_duplicate_key_at_its_second_occurrence() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                  seed: 1
                  seed: 2
                tasks:
                  family: arith
                """);

        assertThat(error.getMessage()).isEqualTo("tasks.yaml:4:3: run.seed: duplicate key 'seed'; it is already set at line 3");
    }

    @Test
    void should_reject_a_second_yaml_document() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                ---
                run: {name: other}
                """);

        assertThat(error.line()).isEqualTo(4);
        assertThat(error.problem()).contains("one YAML document");
    }

    @Test
    void should_reject_a_yaml_alias_rather_than_read_it_as_a_string() {
        ConfigException error = errorOf("""
                run: {name: demo, seed: &seed 5}
                tasks:
                  family: arith
                  seed: *seed
                """);

        assertThat(error.line()).isEqualTo(4);
        assertThat(error.field()).isEqualTo("tasks.seed");
        assertThat(error.problem()).contains("aliases");
    }

    @Test
    void should_name_a_file_that_does_not_exist(@TempDir Path folder) {
        Path missing = folder.resolve("missing.yaml");

        ConfigException error = null;
        try {
            PipelineConfigLoader.load(missing);
        } catch (ConfigException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.source()).isEqualTo(missing.toString());
        assertThat(error.line()).isZero();
        assertThat(error.getMessage()).isEqualTo(missing + ": no such file (looked for " + missing + ")");
    }

    @Test
    void should_reject_a_folder_given_as_the_config(@TempDir Path folder) {
        ConfigException error = null;
        try {
            PipelineConfigLoader.load(folder);
        } catch (ConfigException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo(folder + ": expected a YAML file, got a folder");
    }

    @Test
    void should_name_the_file_as_given_when_loading_from_disk(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("arith.yaml");
        Files.writeString(file, "run:\n  name: demo\ntasks:\n  family: arith\n  eval: -1\n");

        ConfigException error = null;
        try {
            PipelineConfigLoader.load(file);
        } catch (ConfigException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo(file + ":5:3: tasks.eval: expected an integer >= 0, got -1");
    }
}
