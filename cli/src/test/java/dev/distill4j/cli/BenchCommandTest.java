package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import org.junit.jupiter.api.Test;

/** The benchmarks' JSON contract (field names scripts read), on settings small enough for a test. Speed is not asserted. */
class BenchCommandTest {
    @Test
    void should_print_the_generation_figures_as_one_json_object() throws Exception {
        CliRun run = CliRun.of("bench", "generate", "--tokens", "3", "--prompt", "4", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = Json.MAPPER.readTree(run.out());
        for (String field : new String[] {"tokens_per_s_b1", "tokens_per_s_b8", "tokens_per_s_b64", "ratio_b64_b1"}) {
            assertThat(figures.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(figures.get("ratio_b64_b1").asDouble())
                .isCloseTo(figures.get("tokens_per_s_b64").asDouble() / figures.get("tokens_per_s_b1").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void should_print_the_training_figures_with_mfu_as_achieved_over_peak() throws Exception {
        CliRun run = CliRun.of("bench", "train", "--batch", "2", "--seq", "16", "--steps", "1", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = Json.MAPPER.readTree(run.out());
        double achieved = figures.get("achieved_gflops").asDouble();
        double peak = figures.get("peak_gflops").asDouble();
        assertThat(figures.get("tokens_per_s").asDouble()).isPositive();
        assertThat(peak).isPositive();
        assertThat(figures.get("mfu").asDouble()).isCloseTo(achieved / peak, org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void should_drive_the_client_to_exactly_the_concurrency_asked_for() throws Exception {
        CliRun run = CliRun.of("bench", "client", "--requests", "200", "--concurrency", "50", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = Json.MAPPER.readTree(run.out());
        // The server holds the first 50 until 50 are open, and the client never has more than 50 out.
        assertThat(figures.get("max_in_flight").asInt()).isEqualTo(50);
        assertThat(figures.get("requests").asInt()).isEqualTo(200);
        assertThat(figures.get("failed").asInt()).isZero();
        assertThat(figures.get("requests_per_s").asDouble()).isPositive();
        assertThat(figures.get("overhead_p50_ms").asDouble()).isPositive();
        assertThat(figures.get("overhead_p99_ms").asDouble()).isGreaterThanOrEqualTo(figures.get("overhead_p50_ms").asDouble());
        assertThat(figures.get("peak_heap_mb").asDouble()).isPositive();
        assertThat(figures.get("requests_per_s").asDouble())
                .isCloseTo(200 / figures.get("seconds").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void should_print_the_serving_figures_with_the_ratio_of_64_clients_to_1() throws Exception {
        CliRun run = CliRun.of("bench", "serve", "--model", "../models/teacher-arith", "--requests-per-client", "1", "--max-tokens", "4", "--guard",
                "--guard-rounds", "2", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = Json.MAPPER.readTree(run.out());
        for (String field : new String[] {"tokens_per_s_c1", "tokens_per_s_c16", "tokens_per_s_c64", "ratio_c64_c1", "p50_ms", "p99_ms"}) {
            assertThat(figures.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(figures.get("ratio_c64_c1").asDouble())
                .isCloseTo(figures.get("tokens_per_s_c64").asDouble() / figures.get("tokens_per_s_c1").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(figures.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(figures.get("p50_ms").asDouble());
        assertThat(figures.get("failed").asInt()).isZero();
        // One client at a time: every decoding step has exactly its one row, and each request is one prefill pass.
        assertThat(figures.get("mean_batch_rows_c1").asDouble()).isEqualTo(1.0);
        assertThat(figures.get("prefill_passes_c1").asInt()).isEqualTo(1);
        assertThat(figures.get("mean_batch_rows_c64").asDouble()).isGreaterThan(1.0).isLessThanOrEqualTo(64.0);
        // Two rounds of runs without and with the guard in one process: the medians (of two: their mean) and the overhead worked out
        // from them.
        JsonNode baseline = figures.get("baseline_p50_ms_runs");
        JsonNode guarded = figures.get("guard_p50_ms_runs");
        assertThat(baseline).hasSize(2);
        assertThat(guarded).hasSize(2);
        assertThat(baseline.get(0).asDouble()).isEqualTo(figures.get("p50_ms").asDouble(), org.assertj.core.data.Offset.offset(0.001));
        double baselineMedian = (baseline.get(0).asDouble() + baseline.get(1).asDouble()) / 2;
        double guardedMedian = (guarded.get(0).asDouble() + guarded.get(1).asDouble()) / 2;
        assertThat(guardedMedian).isPositive();
        assertThat(figures.get("baseline_p50_ms").asDouble()).isCloseTo(baselineMedian, org.assertj.core.data.Offset.offset(0.001));
        assertThat(figures.get("guard_p50_ms").asDouble()).isCloseTo(guardedMedian, org.assertj.core.data.Offset.offset(0.001));
        assertThat(figures.get("guard_p50_overhead").asDouble()).isCloseTo(guardedMedian / baselineMedian - 1, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void should_compare_serving_with_and_without_batch_invariance_in_one_run() throws Exception {
        CliRun run = CliRun.of("bench", "serve", "--model", "../models/teacher-arith", "--requests-per-client", "1", "--max-tokens", "4",
                "--batch-invariant", "--rounds", "1", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = Json.MAPPER.readTree(run.out());
        assertThat(figures.get("batch_invariant_rounds").asInt()).isEqualTo(1);
        for (int clients : new int[] {1, 16, 64}) {
            double without = figures.get("baseline_tokens_per_s_c" + clients).asDouble();
            double with = figures.get("batch_invariant_tokens_per_s_c" + clients).asDouble();
            assertThat(with).isPositive();
            // One round: the baseline is the first run's own figure.
            assertThat(without).isCloseTo(figures.get("tokens_per_s_c" + clients).asDouble(), org.assertj.core.data.Offset.offset(0.001));
            assertThat(figures.get("batch_invariant_slowdown_c" + clients).asDouble()).isCloseTo(without / with, org.assertj.core.data.Percentage.withPercentage(1));
        }
        assertThat(figures.has("guard_p50_ms")).isFalse();

        CliRun both = CliRun.of("bench", "serve", "--model", "../models/teacher-arith", "--guard", "--batch-invariant", "--json");
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.err()).contains("one thing at a time");
    }

    @Test
    void should_print_the_curation_figures_with_recall_and_precision_of_the_planted_cases() throws Exception {
        CliRun run = CliRun.of("bench", "curate", "--docs", "5000", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = Json.MAPPER.readTree(run.out());
        assertThat(figures.get("docs").asLong()).isEqualTo(5000);
        assertThat(figures.get("docs_per_s").asDouble()).isPositive();
        assertThat(figures.get("peak_heap_mb").asDouble()).isPositive();
        assertThat(figures.get("near_dup_planted").asLong()).isPositive();
        assertThat(figures.get("near_dup_recall").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(figures.get("near_dup_precision").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(figures.get("contamination_recall").asDouble()).isEqualTo(1.0);
        long dropped = 0;
        for (JsonNode count : figures.get("dropped")) {
            dropped += count.asLong();
        }
        assertThat(figures.get("kept").asLong() + dropped).isEqualTo(5000);
    }

    @Test
    void should_refuse_a_threshold_outside_zero_to_one_naming_the_option() throws Exception {
        CliRun run = CliRun.of("bench", "curate", "--docs", "10", "--jaccard", "1.5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--jaccard: expected a number in (0, 1], got 1.5");
    }
}
