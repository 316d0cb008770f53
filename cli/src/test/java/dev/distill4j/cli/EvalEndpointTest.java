package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import org.junit.jupiter.api.Test;

/** ./distill eval of a model behind an endpoint, and pass@k / maj@k from samples, locally and through HTTP. */
class EvalEndpointTest {
    @Test
    void should_measure_a_served_model_as_it_measures_the_same_model_on_disk() throws Exception {
        String[] tasks = {"--family", "arith", "-o", "digits=2", "-o", "ops=add", "--n", "12", "--max-tokens", "120", "--json"};
        CliRun local = CliRun.of(concat(new String[] {"eval", "--model", DemoCommandTest.TEACHER.toString(), "--k", "1,2", "--temperature", "1.0"}, tasks));
        assertThat(local.exitCode()).as(local.err()).isZero();
        JsonNode onDisk = Json.MAPPER.readTree(local.out());
        try (LocalModel model = LocalModel.load(DemoCommandTest.TEACHER);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).modelName("teacher-arith").maxBatch(16).build())) {
            CliRun remote = CliRun.of(concat(new String[] {"eval", "--endpoint", server.baseUrl(), "--endpoint-model", "teacher-arith", "--k", "1,2"}, tasks));
            assertThat(remote.exitCode()).as(remote.err()).isZero();
            JsonNode served = Json.MAPPER.readTree(remote.out());
            // Greedy decoding is deterministic: the same answers, so the same accuracy, locally and through HTTP.
            assertThat(served.get("accuracy").asDouble()).isEqualTo(onDisk.get("accuracy").asDouble());
            assertThat(served.get("n").asInt()).isEqualTo(12);
            for (JsonNode result : new JsonNode[] {onDisk, served}) {
                assertThat(result.get("samples_per_task").asInt()).isEqualTo(2);
                double pass1 = result.get("pass_at_k").get("1").asDouble();
                double pass2 = result.get("pass_at_k").get("2").asDouble();
                assertThat(pass2).isGreaterThanOrEqualTo(pass1);
                // With n = k = 2 samples, pass@2 is the share of tasks with a correct sample among the two; a correct majority
                // needs a correct sample, so maj@2 can never exceed it.
                assertThat(result.get("maj_at_k").get("2").asDouble()).isLessThanOrEqualTo(pass2 + 1e-12);
                assertThat(pass1).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void should_ask_for_exactly_one_model_to_measure() {
        CliRun neither = CliRun.of("eval", "--family", "arith", "--n", "4");
        assertThat(neither.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(neither.err()).contains("give one of --model DIR and --endpoint URL");
        CliRun nameless = CliRun.of("eval", "--endpoint", "http://127.0.0.1:9/v1", "--family", "arith", "--n", "4");
        assertThat(nameless.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(nameless.err()).contains("--endpoint needs --endpoint-model");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
