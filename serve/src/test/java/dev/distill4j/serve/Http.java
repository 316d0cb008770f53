package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP to the server under test, for what an SDK would not send (bad bodies, no key) and for /metrics. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The OpenAI error object's field, such as {@code code} or {@code param}. */
        String error(String field) {
            return json().path("error").path(field).asText(null);
        }
    }

    static Answer post(OpenAiServer server, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root(server) + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    static Answer postBytes(OpenAiServer server, String path, byte[] body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root(server) + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    static Answer get(OpenAiServer server, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root(server) + path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** A metric's value from /metrics (the first sample line that starts with {@code series}), or NaN. */
    static double metric(OpenAiServer server, String series) {
        for (String line : get(server, "/metrics", null).body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return Double.NaN;
    }

    private static String root(OpenAiServer server) {
        return server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
