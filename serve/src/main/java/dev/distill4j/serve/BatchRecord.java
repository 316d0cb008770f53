package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch as the server keeps it: OpenAI's batch object, plus the key id that owns it. Immutable: every change makes a
 * new record, which {@link BatchState} saves (atomically) before anyone can see it.
 *
 * @param owner     the key id of the API key that created it ("anonymous" on a server without keys); never a key
 * @param sequence  its place among the state folder's batches, in order of creation (created_at has only seconds)
 * @param reachedAt when the batch reached each status it has reached, in epoch seconds ({@code created_at} is
 *                  VALIDATING's); the batch object shows them as {@code in_progress_at}, {@code completed_at}, ...
 * @param errors    the input file's problems when the batch failed validation, else empty
 */
record BatchRecord(
        String id,
        String owner,
        long sequence,
        String endpoint,
        String inputFileId,
        String completionWindow,
        String model,
        Map<String, String> metadata,
        Map<BatchStatus, Long> reachedAt,
        long expiresAt,
        BatchStatus status,
        Counts counts,
        TokenUsage usage,
        String outputFileId,
        String errorFileId,
        List<BatchError> errors) {

    /** OpenAI's {@code request_counts}. */
    record Counts(int total, int completed, int failed) {
        static final Counts NONE = new Counts(0, 0, 0);
    }

    /** Tokens of the answered requests, summed: OpenAI's batch {@code usage}. */
    record TokenUsage(long inputTokens, long outputTokens) {
        static final TokenUsage NONE = new TokenUsage(0, 0);

        TokenUsage plus(long input, long output) {
            return new TokenUsage(inputTokens + input, outputTokens + output);
        }
    }

    BatchRecord {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        reachedAt = java.util.Collections.unmodifiableMap(new EnumMap<>(reachedAt));
        errors = List.copyOf(errors);
    }

    long createdAt() {
        return reachedAt.get(BatchStatus.VALIDATING);
    }

    /** The batch moved to {@code next} at {@code now} (epoch seconds). */
    BatchRecord moveTo(BatchStatus next, long now) {
        Map<BatchStatus, Long> times = new EnumMap<>(reachedAt);
        times.putIfAbsent(next, now);
        return new BatchRecord(id, owner, sequence, endpoint, inputFileId, completionWindow, model, metadata, times, expiresAt, next, counts, usage,
                outputFileId, errorFileId, errors);
    }

    BatchRecord withProgress(Counts newCounts, TokenUsage newUsage) {
        return new BatchRecord(id, owner, sequence, endpoint, inputFileId, completionWindow, model, metadata, reachedAt, expiresAt, status, newCounts,
                newUsage, outputFileId, errorFileId, errors);
    }

    BatchRecord withFiles(String output, String error) {
        return new BatchRecord(id, owner, sequence, endpoint, inputFileId, completionWindow, model, metadata, reachedAt, expiresAt, status, counts,
                usage, output, error, errors);
    }

    BatchRecord withErrors(List<BatchError> problems) {
        return new BatchRecord(id, owner, sequence, endpoint, inputFileId, completionWindow, model, metadata, reachedAt, expiresAt, status, counts,
                usage, outputFileId, errorFileId, problems);
    }

    /** The batch object, field for field as OpenAI sends it (absent values as null, which the SDKs expect). */
    ObjectNode toApiJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", id);
        json.put("object", "batch");
        json.put("endpoint", endpoint);
        json.put("model", model);
        if (errors.isEmpty()) {
            json.putNull("errors");
        } else {
            ObjectNode list = json.putObject("errors");
            list.put("object", "list");
            errors.forEach(error -> list.withArray("data").add(error.toJson()));
        }
        json.put("input_file_id", inputFileId);
        json.put("completion_window", completionWindow);
        json.put("status", status.wire());
        json.put("output_file_id", outputFileId);
        json.put("error_file_id", errorFileId);
        json.put("created_at", createdAt());
        for (BatchStatus later : BatchStatus.values()) {
            if (later != BatchStatus.VALIDATING) {
                Long at = reachedAt.get(later);
                if (at == null) {
                    json.putNull(later.wire() + "_at");
                } else {
                    json.put(later.wire() + "_at", at);
                }
            }
        }
        json.put("expires_at", expiresAt);
        ObjectNode requestCounts = json.putObject("request_counts");
        requestCounts.put("total", counts.total());
        requestCounts.put("completed", counts.completed());
        requestCounts.put("failed", counts.failed());
        ObjectNode tokens = json.putObject("usage");
        tokens.put("input_tokens", usage.inputTokens());
        tokens.putObject("input_tokens_details").put("cached_tokens", 0);
        tokens.put("output_tokens", usage.outputTokens());
        tokens.putObject("output_tokens_details").put("reasoning_tokens", 0);
        tokens.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        if (metadata.isEmpty()) {
            json.putNull("metadata");
        } else {
            ObjectNode pairs = json.putObject("metadata");
            metadata.forEach(pairs::put);
        }
        return json;
    }

    /** What the state folder keeps: the batch object and its owner's key id. */
    ObjectNode toStoredJson() {
        ObjectNode json = toApiJson();
        json.put("owner", owner);
        json.put("sequence", sequence);
        return json;
    }

    static BatchRecord fromStoredJson(JsonNode json) {
        Map<BatchStatus, Long> times = new EnumMap<>(BatchStatus.class);
        times.put(BatchStatus.VALIDATING, json.get("created_at").longValue());
        for (BatchStatus later : BatchStatus.values()) {
            JsonNode at = json.path(later.wire() + "_at");
            if (later != BatchStatus.VALIDATING && at.isIntegralNumber()) {
                times.put(later, at.longValue());
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        json.path("metadata").properties().forEach(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        List<BatchError> errors = new ArrayList<>();
        json.path("errors").path("data").forEach(error -> errors.add(BatchError.fromJson(error)));
        JsonNode counts = json.path("request_counts");
        JsonNode usage = json.path("usage");
        return new BatchRecord(json.get("id").asText(), json.get("owner").asText(), json.get("sequence").asLong(), json.get("endpoint").asText(),
                json.get("input_file_id").asText(), json.get("completion_window").asText(), json.path("model").asText(null), metadata,
                times, json.get("expires_at").longValue(), BatchStatus.parse(json.get("status").asText()),
                new Counts(counts.path("total").intValue(), counts.path("completed").intValue(), counts.path("failed").intValue()),
                new TokenUsage(usage.path("input_tokens").longValue(), usage.path("output_tokens").longValue()),
                textOrNull(json, "output_file_id"), textOrNull(json, "error_file_id"), errors);
    }

    private static String textOrNull(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
