package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.MisbehavingServer;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./distill generate} and {@code ./distill run} against a real loopback teacher, as a user runs them. */
class GenerateCommandTest {
    private static final String API_KEY = "sk-cli-9b8e7d6c5a4f3e2d";

    @TempDir
    Path dir;

    private final MisbehavingServer server = newServer();

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void should_generate_n_samples_per_train_task_and_send_nothing_when_run_again() throws Exception {
        Path config = config("");

        CliRun first = CliRun.of("generate", "--config", config.toString(), "--json");
        CliRun again = CliRun.of("generate", "--config", config.toString(), "--json");

        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(first.out());
        // 5 train tasks (eval tasks are never sampled), n = 2 in one request each: 5 requests, 10 samples.
        assertThat(summary.path("samples_stored").asLong()).isEqualTo(10);
        assertThat(summary.path("requests_sent").asLong()).isEqualTo(5);
        // 5 requests x (7 prompt x $1 + 2 x 3 completion x $2) per million tokens.
        assertThat(summary.path("cost_usd").asDouble()).isCloseTo(5 * 19e-6, org.assertj.core.api.Assertions.offset(1e-12));
        JsonNode resumed = Json.MAPPER.readTree(again.out());
        assertThat(resumed.path("requests_sent").asLong()).isZero();
        assertThat(resumed.path("requests_cached").asLong()).isEqualTo(5);
        assertThat(resumed.path("saved_usd").asDouble()).isCloseTo(5 * 19e-6, org.assertj.core.api.Assertions.offset(1e-12));
        assertThat(server.requests()).isEqualTo(5);
        assertThat(server.authorizations()).containsOnly("Bearer " + API_KEY);
        assertThat(first.err()).contains("10/10");

        String everything = first.out() + first.err() + again.out() + again.err();
        assertThat(everything).doesNotContain(API_KEY);
        byte[] store = Files.readAllBytes(dir.resolve("runs/gen/run.duckdb"));
        assertThat(new String(store, StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY);
    }

    @Test
    void should_run_the_generate_stage_after_the_tasks_stage_when_the_config_has_a_teacher() throws Exception {
        Path config = config("");

        CliRun run = CliRun.of("run", config.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("7 tasks (7 new)").contains("generate  10 samples for 5 tasks (10 new) from 5 requests")
                .contains("verify    10 samples of 5 tasks (10 judged now)").contains("curate    10 samples in, 0 kept as examples")
                .contains("next: ./distill study --config");
        try (RunStore store = RunStore.open(dir.resolve("runs/gen"), Provenance.adHoc("x", 0))) {
            assertThat(store.samples().count()).isEqualTo(10);
        }
    }

    @Test
    void should_stop_at_the_budget_and_exit_incomplete_when_requests_fail_for_good() throws Exception {
        // Worst case per request: prompt bytes + 8 per message, plus 2 x 20 max tokens, at $1 and $2 per token...
        // far above $0.0001, so not one request fits.
        Path tight = config("  budget_usd: 0.0001\n");
        CliRun budget = CliRun.of("generate", "--config", tight.toString(), "--json", "--quiet");
        assertThat(budget.exitCode()).as(budget.err()).isZero();
        assertThat(Json.MAPPER.readTree(budget.out()).path("stopped_by_budget").asBoolean()).isTrue();
        assertThat(server.requests()).isZero();

        server.otherwise(MisbehavingServer.status(400));
        CliRun refused = CliRun.of("generate", "--config", config("").toString(), "--quiet");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.INCOMPLETE.code);
        assertThat(refused.out()).contains("5 request(s) failed (bad_request 5); run again to retry them");
    }

    @Test
    void should_take_the_sampling_strategy_from_the_config() throws Exception {
        Path config = config("""
                  strategy:
                    kind: fixed
                    samples: 3
                """);

        CliRun run = CliRun.of("generate", "--config", config.toString(), "--json", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // 5 train tasks x the config's 3 samples, not sampling.n = 2.
        assertThat(Json.MAPPER.readTree(run.out()).path("samples_stored").asLong()).isEqualTo(15);
    }

    @Test
    void should_let_the_flags_override_the_configs_strategy() throws Exception {
        Path config = config("""
                  strategy:
                    kind: fixed
                    samples: 3
                """);

        CliRun run = CliRun.of("generate", "--config", config.toString(), "--json", "--quiet", "--strategy", "until-verified",
                "--max-samples", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // until-verified capped at 1 sample stops every task after its first, pass or fail: 5 tasks, 5 samples.
        assertThat(Json.MAPPER.readTree(run.out()).path("samples_stored").asLong()).isEqualTo(5);
    }

    @Test
    void should_show_an_example_in_its_help() {
        CliRun help = CliRun.of("generate", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("./distill generate --config pipeline.yaml").contains("--strategy").contains("--batch");
    }

    private Path config(String teacherExtra) throws Exception {
        Path key = dir.resolve("teacher.key");
        Files.writeString(key, API_KEY + "\n");
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, """
                run:
                  name: gen
                  dir: runs
                tasks:
                  family: arith
                  train: 5
                  eval: 2
                teacher:
                  endpoints:
                    - name: local
                      base_url: %s
                      model: teacher-model
                      api_key_file: teacher.key
                      timeout_seconds: 5
                      price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
                  sampling:
                    n: 2
                    max_tokens: 20
                %s""".formatted(server.baseUrl(), teacherExtra));
        return config;
    }

    private static MisbehavingServer newServer() {
        try {
            return new MisbehavingServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
