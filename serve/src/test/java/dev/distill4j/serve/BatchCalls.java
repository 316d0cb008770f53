package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The batch API over raw HTTP, as a test drives it: multipart uploads, batch creation, polling, file contents. */
final class BatchCalls {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BOUNDARY = "distill4j-test-boundary-7f3a9c";

    private BatchCalls() {}

    /** A JSONL request line for the chat endpoint. */
    static String chatLine(String customId, String question, String extraBody) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", "/v1/chat/completions");
        line.set("body", chatBody(question, extraBody));
        return line.toString();
    }

    /** A chat body: one user message and the extra fields, such as {@code "temperature": 0, "max_tokens": 24}. */
    static JsonNode chatBody(String question, String extraBody) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        try {
            JsonNode extra = Json.MAPPER.readTree("{" + extraBody + "}");
            extra.properties().forEach(entry -> body.set(entry.getKey(), entry.getValue()));
        } catch (IOException e) {
            throw new IllegalArgumentException(extraBody, e);
        }
        return body;
    }

    /** POST /v1/files as multipart/form-data, as the SDKs and curl -F send it. */
    static Http.Answer upload(OpenAiServer server, String key, String filename, String purpose, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/files")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Uploads lines as a batch input file; returns the file id. */
    static String uploadLines(OpenAiServer server, String key, List<String> lines) {
        Http.Answer answer = upload(server, key, "requests.jsonl", "batch", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("id").asText();
    }

    /** POST /v1/batches for a file; returns the batch object. */
    static JsonNode create(OpenAiServer server, String key, String fileId, String endpoint) {
        Http.Answer answer = Http.post(server, "/v1/batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\": \"" + endpoint
                + "\", \"completion_window\": \"24h\", \"metadata\": {\"purpose\": \"test\"}}", key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    static JsonNode get(OpenAiServer server, String key, String batchId) {
        Http.Answer answer = Http.get(server, "/v1/batches/" + batchId, key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** Polls a batch until its status is one of {@code statuses}; returns it. */
    static JsonNode await(OpenAiServer server, String key, String batchId, Set<String> statuses, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode batch = get(server, key, batchId);
            if (statuses.contains(batch.path("status").asText())) {
                return batch;
            }
            assertThat(System.nanoTime()).as("batch %s reached none of %s: %s", batchId, statuses, batch).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Polls until at least {@code completed} requests of a batch are answered. */
    static JsonNode awaitCompleted(OpenAiServer server, String key, String batchId, int completed, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode batch = get(server, key, batchId);
            if (batch.path("request_counts").path("completed").asInt() >= completed) {
                return batch;
            }
            assertThat(System.nanoTime()).as("batch %s answered fewer than %d: %s", batchId, completed, batch).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A file's lines, parsed. */
    static List<JsonNode> lines(OpenAiServer server, String key, String fileId) {
        Http.Answer answer = Http.get(server, "/v1/files/" + fileId + "/content", key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String text : answer.body().split("\n")) {
            if (!text.isBlank()) {
                try {
                    lines.add(Json.MAPPER.readTree(text));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + text, e);
                }
            }
        }
        return lines;
    }
}
