package dev.distill4j.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The provider batch API of one endpoint (OpenAI's {@code /v1/files} and {@code /v1/batches}) over the official SDK:
 * upload a JSONL of requests, create a batch, read its status, find it again by metadata, download its files.
 *
 * <p>Each call is retried, with backoff, on what {@link FailureClassifier} calls retriable, until the call's deadline;
 * the SDK's own retries are off, as in {@link OpenAiChatWire}. A create is the one call that costs money if repeated:
 * it is retried only on failures that say the server did not take it (a status it answered with), and the stage finds
 * a batch whose create timed out by its metadata ({@link #findByMetadata}) rather than creating a second.
 */
public final class OpenAiBatchWire implements AutoCloseable {
    private final TeacherEndpoint endpoint;
    private final OpenAIClient client;
    private final String key;
    private final RetryLoop retries;

    /**
     * @param environment where the endpoint's key variable is looked up
     * @param deadline    how long one call may keep retrying
     */
    public OpenAiBatchWire(TeacherEndpoint endpoint, UnaryOperator<String> environment, Duration deadline, Ticker ticker, Sleeper sleeper,
            long seed) {
        this.endpoint = endpoint;
        this.key = OpenAiConnections.resolveKey(endpoint, environment);
        // One request at a time per call; OkHttp's default of 5 idle connections is plenty.
        this.client = OpenAiConnections.open(endpoint, key, 5);
        this.retries = new RetryLoop(endpoint.name(), key, new FailureClassifier(InstantSource.system()),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), seed), Integer.MAX_VALUE, deadline, ticker, sleeper);
    }

    public String endpointName() {
        return endpoint.name();
    }

    /** Uploads a batch input file (purpose {@code batch}); returns the provider's file id. */
    public String upload(Path jsonl) throws InterruptedException {
        return withRetries(() -> client.files().create(FileCreateParams.builder().file(jsonl).purpose(FilePurpose.BATCH).build()).id());
    }

    /**
     * Creates a batch of an uploaded file. Retried only when the server answered with a retriable status (it refused,
     * so nothing was created); a failure without an answer (a time-out, a reset) is thrown, since the batch may exist.
     */
    public ProviderBatch create(String fileId, String apiEndpoint, String completionWindow, Map<String, String> metadata)
            throws InterruptedException {
        BatchCreateParams.Metadata.Builder pairs = BatchCreateParams.Metadata.builder();
        metadata.forEach((name, value) -> pairs.putAdditionalProperty(name, JsonValue.from(value)));
        BatchCreateParams params = BatchCreateParams.builder().inputFileId(fileId).endpoint(BatchCreateParams.Endpoint.of(apiEndpoint))
                .completionWindow(BatchCreateParams.CompletionWindow.of(completionWindow)).metadata(pairs.build()).build();
        return withRetries(() -> view(client.batches().create(params)), true);
    }

    public ProviderBatch retrieve(String batchId) throws InterruptedException {
        return withRetries(() -> view(client.batches().retrieve(batchId)));
    }

    /**
     * The batch whose metadata has {@code name: value}, looking back through the endpoint's batches (newest first) to
     * those created at {@code notBefore} (epoch seconds) or later; empty when there is none.
     */
    public Optional<ProviderBatch> findByMetadata(String name, String value, long notBefore) throws InterruptedException {
        return withRetries(() -> {
            for (Batch batch : client.batches().list(BatchListParams.builder().limit(100).build()).autoPager()) {
                if (batch.createdAt() < notBefore) {
                    break;
                }
                ProviderBatch view = view(batch);
                if (value.equals(view.metadata().get(name))) {
                    return Optional.of(view);
                }
            }
            return Optional.<ProviderBatch>empty();
        });
    }

    /** A file's content, as text. */
    public String content(String fileId) throws InterruptedException {
        return withRetries(() -> {
            try (HttpResponse response = client.files().content(fileId); InputStream body = response.body()) {
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The body of a chat request as this client sends it live ({@link OpenAiRequests}), for a batch input line: the
     * same fields, so a batched sample is the same sample as a live one.
     */
    public static JsonNode chatBody(String model, ChatCall call) {
        return ObjectMappers.jsonMapper().valueToTree(OpenAiRequests.toParams(model, call)._body());
    }

    /** A batch output line's response body, read as the live client reads a chat completion. */
    public TeacherResult result(JsonNode body) {
        try {
            ChatCompletion completion = ObjectMappers.jsonMapper().treeToValue(body, ChatCompletion.class);
            return OpenAiResponses.toResult(endpoint.name(), completion);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RetriableTeacherException(FailureKind.MALFORMED_RESPONSE, endpoint.name(), 200, null,
                    endpoint.name() + ": a batch answer is not a readable chat completion: " + FailureClassifier.redact(e.getMessage(), key), null);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static ProviderBatch view(Batch batch) {
        List<String> errors = new ArrayList<>();
        batch.errors().flatMap(Batch.Errors::data).orElse(List.of()).forEach(error -> errors.add(
                error.line().map(line -> "line " + line + ": ").orElse("") + error.message().orElse(error.code().orElse("error"))));
        Map<String, String> metadata = new LinkedHashMap<>();
        batch.metadata().ifPresent(pairs -> {
            for (Map.Entry<String, JsonValue> pair : pairs._additionalProperties().entrySet()) {
                Optional<String> text = pair.getValue().asString();
                text.ifPresent(value -> metadata.put(pair.getKey(), value));
            }
        });
        var counts = batch.requestCounts();
        return new ProviderBatch(batch.id(), batch.status().asString(), batch.inputFileId(), batch.outputFileId().orElse(null),
                batch.errorFileId().orElse(null), counts.map(c -> c.total()).orElse(0L), counts.map(c -> c.completed()).orElse(0L),
                counts.map(c -> c.failed()).orElse(0L), errors, batch.createdAt(), metadata);
    }

    private <T> T withRetries(Supplier<T> call) throws InterruptedException {
        return retries.run(call);
    }

    private <T> T withRetries(Supplier<T> call, boolean onlyWhenRefused) throws InterruptedException {
        return retries.run(call, onlyWhenRefused);
    }
}
