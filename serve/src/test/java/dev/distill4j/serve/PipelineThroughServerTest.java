package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.generate.GenerateStage;
import dev.distill4j.client.generate.GenerationSummary;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.SamplingConfig;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.tasks.arith.ArithFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's own generate stage distills through this server over HTTP, as it would from a remote provider. */
class PipelineThroughServerTest {
    private static final String KEY = "sk-pipeline-5555666677778888";

    @TempDir
    Path runDir;

    @Test
    void should_store_verified_teacher_samples_for_every_task_and_send_nothing_when_run_again() throws Exception {
        Path keys = Files.createTempFile("keys", ".txt");
        Files.writeString(keys, "pipeline:" + KEY + "\n");
        List<Task> tasks = new ArithFamily().generate(TaskRequest.of(4, 77, Split.TRAIN));
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).maxBatch(8))) {
            Files.delete(keys);
            EndpointConfig endpoint = EndpointConfig.builder().name("local-serve").baseUrl(server.baseUrl()).model(server.modelName())
                    .apiKeyEnv("SERVE_KEY").timeoutSeconds(120).price(PriceConfig.FREE).build();
            SamplingConfig sampling = SamplingConfig.builder().n(2).temperature(0.3).seed(9L).maxTokens(400).logprobs(true).topLogprobs(2).build();
            TeacherConfig teacher = new TeacherConfig(List.of(endpoint), sampling, null);

            GenerationSummary first = generate(teacher, tasks);
            GenerationSummary again = generate(teacher, tasks);

            assertThat(first.requestsFailed()).isZero();
            assertThat(first.samplesWritten()).isEqualTo(8);
            assertThat(again.requestsSent()).isZero();
            assertThat(first.completionTokens()).isPositive();
            assertThat(Http.metric(server, "distill_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}"))
                    .isEqualTo(first.requestsSent());
        }
        Verifiers verifiers = Verifiers.discover();
        try (RunStore store = RunStore.open(runDir, Provenance.adHoc("serve-test", 1))) {
            int passed = 0;
            for (Task task : tasks) {
                List<Sample> samples = store.samples().where("task_id", task.id());
                assertThat(samples).hasSize(2);
                for (Sample sample : samples) {
                    assertThat(sample.model()).isEqualTo("teacher-arith");
                    assertThat(sample.logprobs().isArray() && !sample.logprobs().isEmpty()).as("logprobs stored").isTrue();
                    passed += verifiers.forSpec(task.verifier()).verify(task, sample.completion()).pass() ? 1 : 0;
                }
            }
            // The teacher is right 98.9% of the time greedily; sampled at 0.3 it should still be nearly always right.
            assertThat(passed).isGreaterThanOrEqualTo(7);
        }
    }

    private GenerationSummary generate(TeacherConfig teacher, List<Task> tasks) throws InterruptedException {
        try (RunStore store = RunStore.open(runDir, Provenance.adHoc("serve-test", 1));
                TeacherClient client = GenerateStage.clientFor(teacher).environment(name -> name.equals("SERVE_KEY") ? KEY : null).build()) {
            store.tasks().put(tasks);
            return GenerateStage.builder().store(store).client(client).teacher(teacher).build().run();
        }
    }
}
