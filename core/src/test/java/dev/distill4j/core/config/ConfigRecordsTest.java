package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records built in code refuse what the loader refuses, with messages of the shape "field 'x': expected ..., got ...". */
class ConfigRecordsTest {
    @Test
    void should_reject_top_logprobs_without_logprobs() {
        assertThatThrownBy(() -> SamplingConfig.builder().topLogprobs(5).build())
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("field 'top_logprobs': expected 0 unless 'logprobs' is true, got 5");
    }

    @Test
    void should_reject_a_top_p_of_zero_but_accept_one() {
        assertThatThrownBy(() -> SamplingConfig.builder().topP(0.0).build())
                .hasMessage("field 'top_p': expected a number in (0, 1], got 0");
        assertThat(SamplingConfig.builder().topP(1.0).build().topP()).isEqualTo(1.0);
    }

    @Test
    void should_reject_not_a_number_where_a_range_is_expected() {
        assertThatThrownBy(() -> CurationConfig.builder().minScore(Double.NaN).build())
                .hasMessage("field 'min_score': expected a number in [0, 1], got NaN");
    }

    @Test
    void should_reject_a_warmup_ratio_of_one() {
        assertThatThrownBy(() -> TrainingConfig.builder().warmupRatio(1.0).build())
                .hasMessage("field 'warmup_ratio': expected a number in [0, 1), got 1");
    }

    @Test
    void should_reject_a_max_chars_below_min_chars() {
        assertThatThrownBy(() -> CurationConfig.builder().minChars(100).maxChars(50).build())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("max_chars"))
                .hasMessageContaining("got 50");
    }

    @Test
    void should_reject_a_decontamination_overlap_below_one_n_gram() {
        assertThatThrownBy(() -> CurationConfig.builder().minOverlap(0).build())
                .hasMessage("field 'min_overlap': expected an integer >= 1, got 0");
        assertThatThrownBy(() -> CurationConfig.builder().shingle(0).build())
                .hasMessage("field 'shingle': expected an integer >= 1, got 0");
    }

    @Test
    void should_reject_both_key_sources_on_one_endpoint() {
        assertThatThrownBy(() -> EndpointConfig.builder().baseUrl("https://a.example.com/v1").model("m").apiKeyEnv("KEY")
                .apiKeyFile(Path.of("key.txt")).build())
                .hasMessage("field 'api_key_file': expected at most one of 'api_key_env' and 'api_key_file', got both");
    }

    @Test
    void should_reject_a_run_name_that_cannot_be_a_folder_name() {
        assertThatThrownBy(() -> RunConfig.builder().name("../escape").build())
                .hasMessageContaining("field 'name'")
                .hasMessageContaining("got '../escape'");
    }

    @Test
    void should_reject_duplicate_k_for_pass_at_k() {
        assertThatThrownBy(() -> EvaluationConfig.builder().k(List.of(1, 8, 1)).build())
                .hasMessage("field 'k[2]': expected distinct values, got 1 a second time");
    }

    @Test
    void should_reject_a_teacher_without_endpoints() {
        assertThatThrownBy(() -> new TeacherConfig(List.of(), null, null))
                .hasMessageStartingWith("field 'endpoints': expected one or more endpoints");
    }

    @Test
    void should_price_a_request_per_million_tokens() {
        // 1,000 prompt tokens at $3/M and 500 completion tokens at $15/M: 0.003 + 0.0075 dollars.
        PriceConfig price = PriceConfig.builder().inputPerMtok(3).outputPerMtok(15).build();

        assertThat(price.costUsd(1_000, 500)).isCloseTo(0.0105, within(1e-12));
    }

    @Test
    void should_build_a_pipeline_in_code_with_defaults_and_seeds_from_the_run() {
        PipelineConfig config = new PipelineConfig(RunConfig.builder().name("demo").seed(5).build(), null,
                TasksConfig.builder().family("arith").build(), null, null, null, null, null, null);

        assertThat(config.tasks().seed()).isEqualTo(5L);
        assertThat(config.training().seed()).isEqualTo(5L);
        assertThat(config.run().dir()).isEqualTo(Path.of("runs"));
        assertThat(config.curation().dedup()).isEqualTo(DedupMode.NEAR);
        // Parsed text resolves run.dir against its folder; give the code-built config the same folder to compare.
        assertThat(config.withSource(new ConfigSource("x.yaml", Path.of(""), ConfigLocations.NONE)))
                .isEqualTo(PipelineConfigLoader.parse("run: {name: demo, seed: 5}\ntasks: {family: arith}\n", "x.yaml"));
    }

    @Test
    void should_leave_the_source_out_of_equality() {
        String yaml = "run: {name: demo}\ntasks: {family: arith}\n";

        assertThat(PipelineConfigLoader.parse(yaml, "a.yaml")).isEqualTo(PipelineConfigLoader.parse("# same\n" + yaml, "b.yaml"));
    }
}
