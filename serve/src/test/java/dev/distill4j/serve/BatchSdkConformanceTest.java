package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.distill4j.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK's files and batches calls against a live server: every object it gets back passes the
 * SDK's own {@code validate()} (each required field present, of its type), and the calls do what they say.
 */
class BatchSdkConformanceTest {
    private static final String KEY = "sk-batch-sdk-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void should_upload_create_poll_list_download_and_cancel_through_the_sdk() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "sdk:" + KEY + "\n");
        List<String> questions = Teacher.questions(3, 8);
        Path input = dir.resolve("requests.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            lines.add(BatchCalls.chatLine("q" + i, questions.get(i), "\"temperature\": 0, \"max_tokens\": 12"));
        }
        Files.writeString(input, String.join("\n", lines) + "\n");
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).maxBatch(4).stateDir(dir.resolve("state")))) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey(KEY).maxRetries(0).build();
            try {
                FileObject file = client.files().create(FileCreateParams.builder().file(input).purpose(FilePurpose.BATCH).build()).validate();
                assertThat(file.filename()).isEqualTo("requests.jsonl");
                assertThat(file.bytes()).isEqualTo(Files.size(input));
                assertThat(file.purpose()).isEqualTo(FileObject.Purpose.BATCH);
                assertThat(client.files().retrieve(file.id()).validate().id()).isEqualTo(file.id());
                assertThat(client.files().list().data()).extracting(FileObject::id).contains(file.id());

                Batch created = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS).completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .metadata(BatchCreateParams.Metadata.builder().putAdditionalProperty("run", JsonValue.from("conformance")).build())
                        .build()).validate();
                assertThat(created.status()).isEqualTo(Batch.Status.VALIDATING);
                assertThat(created.metadata().orElseThrow()._additionalProperties().get("run").asString()).contains("conformance");

                Batch batch = created;
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!batch.status().equals(Batch.Status.COMPLETED)) {
                    assertThat(batch.status()).isNotIn(Batch.Status.FAILED, Batch.Status.CANCELLED, Batch.Status.EXPIRED);
                    assertThat(System.nanoTime()).as("completed in time").isLessThan(deadline);
                    Thread.sleep(50);
                    batch = client.batches().retrieve(created.id()).validate();
                }
                assertThat(batch.requestCounts().orElseThrow().completed()).isEqualTo(3);
                assertThat(batch.requestCounts().orElseThrow().failed()).isZero();
                assertThat(batch.completedAt()).isPresent();
                assertThat(batch.usage().orElseThrow().outputTokens()).isEqualTo(3 * 12);
                assertThat(batch.errorFileId()).isEmpty();

                String output;
                try (HttpResponse content = client.files().content(batch.outputFileId().orElseThrow())) {
                    output = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
                }
                List<String> customIds = new ArrayList<>();
                for (String line : output.strip().split("\n")) {
                    JsonNode parsed = Json.MAPPER.readTree(line);
                    customIds.add(parsed.path("custom_id").asText());
                    // The body is a chat completion the SDK reads as it reads a live one.
                    com.openai.models.chat.completions.ChatCompletion completion = com.openai.core.ObjectMappers.jsonMapper()
                            .treeToValue(parsed.path("response").path("body"), com.openai.models.chat.completions.ChatCompletion.class).validate();
                    assertThat(completion.choices().get(0).message().content().orElseThrow()).isNotEmpty();
                }
                assertThat(customIds).containsExactly("q0", "q1", "q2");

                Batch second = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS).completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .build());
                Batch cancelled = client.batches().cancel(second.id()).validate();
                assertThat(cancelled.status()).isIn(Batch.Status.CANCELLING, Batch.Status.CANCELLED);

                List<String> listed = new ArrayList<>();
                client.batches().list(BatchListParams.builder().limit(1).build()).autoPager().forEach(each -> listed.add(each.validate().id()));
                assertThat(listed).containsExactly(second.id(), created.id());

                assertThatThrownBy(() -> client.batches().retrieve("batch_unknown")).isInstanceOf(NotFoundException.class);
            } finally {
                client.close();
            }
        }
    }
}
