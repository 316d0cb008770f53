package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * The batch API's routes, in OpenAI's shapes: {@code POST /v1/files} (multipart upload, purpose {@code batch}),
 * {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content}, {@code POST /v1/batches},
 * {@code GET /v1/batches}, {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}.
 *
 * <p>Files and batches belong to the API key that made them: another key gets the 404 an unknown id gets. The work
 * itself is the {@link BatchRunner}'s; these routes only read and write the {@link BatchState}.
 */
final class BatchApi {
    static final String FILES = "/v1/files";
    static final String FILE = "/v1/files/{id}";
    static final String FILE_CONTENT = "/v1/files/{id}/content";
    static final String BATCHES = "/v1/batches";
    static final String BATCH = "/v1/batches/{id}";
    static final String BATCH_CANCEL = "/v1/batches/{id}/cancel";
    /** The endpoints a batch may target: the ones this server generates with. */
    static final Set<String> ENDPOINTS = Set.of(OpenAiServer.CHAT, OpenAiServer.COMPLETIONS);
    /** OpenAI's only completion window. */
    static final String WINDOW = "24h";
    static final Duration WINDOW_LENGTH = Duration.ofHours(24);
    /** Multipart headers and the purpose field around the file's bytes. */
    private static final long MULTIPART_ALLOWANCE = 64 * 1024;

    /** What the routes need of the server: who is asking, and the body within its limit. */
    interface Gate {
        String authenticate(Context ctx);

        JsonNode readBody(Context ctx) throws IOException;
    }

    private final BatchState state;
    private final BatchRunner runner;
    private final Gate gate;
    private final String modelName;
    private final long maxUploadBytes;
    private final InstantSource clock;

    /** @param state the state folder, or null for a server without the batch API (its routes answer 404) */
    BatchApi(BatchState state, BatchRunner runner, Gate gate, String modelName, long maxUploadBytes, InstantSource clock) {
        this.state = state;
        this.runner = runner;
        this.gate = gate;
        this.modelName = modelName;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private BatchState state() {
        if (state == null) {
            throw ApiError.batchApiOff();
        }
        return state;
    }

    // ---- files -------------------------------------------------------------------------------------------------

    void upload(Context ctx, OpenAiServer.Outcome outcome) throws IOException {
        outcome.keyId = gate.authenticate(ctx);
        BatchState files = state();
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiError.badParameter("file", "expected a multipart/form-data body with the fields 'file' (the JSONL) and 'purpose'"
                    + " ('batch'), got Content-Type " + type);
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes + MULTIPART_ALLOWANCE) {
            OpenAiServer.drain(ctx.req().getInputStream(), maxUploadBytes);
            throw ApiError.tooLarge(maxUploadBytes);
        }
        Path spool = files.dir().resolve("tmp");
        Files.createDirectories(spool);
        ctx.req().setAttribute(ServletContextRequest.MULTIPART_CONFIG_ELEMENT,
                new MultipartConfigElement(spool.toString(), maxUploadBytes, maxUploadBytes + MULTIPART_ALLOWANCE, 1 << 20));
        Part file;
        String purpose;
        try {
            file = ctx.req().getPart("file");
            Part purposePart = ctx.req().getPart("purpose");
            purpose = purposePart == null ? null : new String(purposePart.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException | ServletException | IllegalStateException e) {
            // The rest of the body may be unread: the connection cannot carry another request.
            ctx.header("Connection", "close");
            if (saysTooLarge(e)) {
                throw ApiError.tooLarge(maxUploadBytes);
            }
            throw ApiError.badParameter("file", "the multipart body could not be read: " + e.getMessage());
        }
        try {
            if (purpose == null || purpose.isEmpty()) {
                throw ApiError.badParameter("purpose", "'purpose' is a required property");
            }
            if (!purpose.equals("batch")) {
                throw ApiError.badParameter("purpose", "this server keeps files for the batch API only: expected 'batch', got '" + purpose
                        + "' - 'purpose'");
            }
            if (file == null || file.getSubmittedFileName() == null) {
                throw ApiError.badParameter("file", "'file' is a required property: send the JSONL as a file part");
            }
            StoredFile stored;
            try (InputStream in = file.getInputStream()) {
                stored = files.receive(outcome.keyId, file.getSubmittedFileName(), purpose, in, maxUploadBytes, now());
            } catch (ApiError e) {
                ctx.header("Connection", "close");
                throw e;
            }
            OpenAiServer.writeJson(ctx, 200, stored.toApiJson());
        } finally {
            if (file != null) {
                file.delete();
            }
        }
    }

    /** Whether a multipart failure is the size limit: Jetty words it in its message, in one exception or its cause. */
    private static boolean saysTooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("max") && (message.contains("size") || message.contains("length") || message.contains("exceed"))) {
                return true;
            }
        }
        return false;
    }

    void listFiles(Context ctx, OpenAiServer.Outcome outcome) {
        outcome.keyId = gate.authenticate(ctx);
        BatchState files = state();
        String purpose = ctx.queryParam("purpose");
        List<StoredFile> owned = new ArrayList<>();
        files.files().stream().filter(file -> file.owner().equals(outcome.keyId))
                .filter(file -> purpose == null || purpose.equals(file.purpose())).forEach(owned::add);
        owned.sort((a, b) -> a.createdAt() != b.createdAt() ? Long.compare(b.createdAt(), a.createdAt()) : b.id().compareTo(a.id()));
        ObjectNode list = listOf(owned.stream().map(StoredFile::toApiJson).toList(), false);
        OpenAiServer.writeJson(ctx, 200, list);
    }

    void file(Context ctx, OpenAiServer.Outcome outcome) {
        outcome.keyId = gate.authenticate(ctx);
        OpenAiServer.writeJson(ctx, 200, owned(ctx, outcome.keyId).toApiJson());
    }

    void fileContent(Context ctx, OpenAiServer.Outcome outcome) throws IOException {
        outcome.keyId = gate.authenticate(ctx);
        StoredFile file = owned(ctx, outcome.keyId);
        Path content = state().contentPath(file.id());
        ctx.status(200).contentType("application/octet-stream");
        ctx.header("Content-Length", Long.toString(Files.size(content)));
        ctx.result(Files.newInputStream(content));
    }

    private StoredFile owned(Context ctx, String keyId) {
        String id = ctx.pathParam("id");
        return state().file(id).filter(file -> file.owner().equals(keyId)).orElseThrow(() -> ApiError.noSuchObject("file", id));
    }

    // ---- batches -----------------------------------------------------------------------------------------------

    void create(Context ctx, OpenAiServer.Outcome outcome) throws IOException {
        outcome.keyId = gate.authenticate(ctx);
        BatchState batches = state();
        JsonNode body = gate.readBody(ctx);
        if (body == null || !body.isObject()) {
            throw ApiError.invalidJson("The request body must be a JSON object.");
        }
        RequestFields fields = new RequestFields(body);
        String inputFileId = fields.string("input_file_id")
                .orElseThrow(() -> ApiError.badParameter("input_file_id", "'input_file_id' is a required property"));
        StoredFile input = batches.file(inputFileId).filter(file -> file.owner().equals(outcome.keyId))
                .orElseThrow(() -> ApiError.noSuchObject("file", inputFileId));
        if (!input.purpose().equals("batch")) {
            throw ApiError.badParameter("input_file_id", "file '" + inputFileId + "' has purpose '" + input.purpose()
                    + "'; a batch reads a file uploaded with purpose 'batch' - 'input_file_id'");
        }
        String endpoint = fields.string("endpoint").orElseThrow(() -> ApiError.badParameter("endpoint", "'endpoint' is a required property"));
        if (!ENDPOINTS.contains(endpoint)) {
            throw ApiError.badParameter("endpoint", "this server runs batches for " + OpenAiServer.CHAT + " and " + OpenAiServer.COMPLETIONS
                    + ", got '" + endpoint + "' - 'endpoint'");
        }
        String window = fields.string("completion_window")
                .orElseThrow(() -> ApiError.badParameter("completion_window", "'completion_window' is a required property"));
        if (!window.equals(WINDOW)) {
            throw ApiError.badParameter("completion_window", "'" + window + "' is not one of ['24h'] - 'completion_window'");
        }
        Map<String, String> metadata = metadata(fields);
        long now = now();
        Map<BatchStatus, Long> reached = new java.util.EnumMap<>(BatchStatus.class);
        reached.put(BatchStatus.VALIDATING, now);
        BatchRecord batch;
        synchronized (batches) {
            batch = batches.save(new BatchRecord(BatchState.newBatchId(), outcome.keyId, batches.nextSequence(), endpoint, inputFileId, window,
                    modelName, metadata, reached, now + WINDOW_LENGTH.toSeconds(), BatchStatus.VALIDATING, BatchRecord.Counts.NONE,
                    BatchRecord.TokenUsage.NONE, null, null, List.of()));
        }
        runner.wake();
        OpenAiServer.writeJson(ctx, 200, batch.toApiJson());
    }

    /** OpenAI's metadata rules: at most 16 pairs, keys up to 64 characters, string values up to 512. */
    private static Map<String, String> metadata(RequestFields fields) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!fields.has("metadata")) {
            return metadata;
        }
        JsonNode object = fields.raw("metadata");
        if (!object.isObject()) {
            throw RequestFields.wrongType("metadata", "an object of string values", object);
        }
        if (object.size() > 16) {
            throw ApiError.badParameter("metadata", "at most 16 key-value pairs, got " + object.size() + " - 'metadata'");
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String field = "metadata." + entry.getKey();
            if (entry.getKey().length() > 64) {
                throw ApiError.badParameter(field, "metadata keys have at most 64 characters - '" + field + "'");
            }
            if (!entry.getValue().isTextual() || entry.getValue().textValue().length() > 512) {
                throw ApiError.badParameter(field, "metadata values are strings of at most 512 characters - '" + field + "'");
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        return metadata;
    }

    void batch(Context ctx, OpenAiServer.Outcome outcome) {
        outcome.keyId = gate.authenticate(ctx);
        OpenAiServer.writeJson(ctx, 200, ownedBatch(ctx, outcome.keyId).toApiJson());
    }

    void cancel(Context ctx, OpenAiServer.Outcome outcome) {
        outcome.keyId = gate.authenticate(ctx);
        BatchRecord batch = ownedBatch(ctx, outcome.keyId);
        long now = now();
        BatchRecord after = state().update(batch.id(), current -> current.status().cancellable()
                ? current.moveTo(BatchStatus.CANCELLING, now) : current);
        // CANCELLING: this call moved it there, or an earlier one did (cancelling twice is harmless, as at OpenAI).
        if (after.status() != BatchStatus.CANCELLING) {
            throw ApiError.conflict("Cannot cancel a batch with status '" + after.status().wire() + "'.");
        }
        runner.wake();
        OpenAiServer.writeJson(ctx, 200, after.toApiJson());
    }

    /** Newest first, {@code limit} (1..100, default 20) after the batch {@code after}, as OpenAI pages them. */
    void list(Context ctx, OpenAiServer.Outcome outcome) {
        outcome.keyId = gate.authenticate(ctx);
        String keyId = outcome.keyId;
        int limit = 20;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam.strip());
            } catch (NumberFormatException e) {
                throw ApiError.badParameter("limit", "expected an integer, got '" + limitParam + "' - 'limit'");
            }
            if (limit < 1 || limit > 100) {
                throw ApiError.badParameter("limit", limit + " is not in [1, 100] - 'limit'");
            }
        }
        List<BatchRecord> newestFirst = new ArrayList<>(state().batches().stream().filter(batch -> batch.owner().equals(keyId)).toList());
        java.util.Collections.reverse(newestFirst);
        String after = ctx.queryParam("after");
        int start = 0;
        if (after != null) {
            start = newestFirst.size();
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id().equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        List<BatchRecord> page = newestFirst.subList(start, Math.min(newestFirst.size(), start + limit));
        OpenAiServer.writeJson(ctx, 200, listOf(page.stream().map(BatchRecord::toApiJson).toList(), start + limit < newestFirst.size()));
    }

    private BatchRecord ownedBatch(Context ctx, String keyId) {
        String id = ctx.pathParam("id");
        return state().batch(id).filter(batch -> batch.owner().equals(keyId)).orElseThrow(() -> ApiError.noSuchObject("batch", id));
    }

    private static ObjectNode listOf(List<ObjectNode> items, boolean hasMore) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        items.forEach(data::add);
        list.put("first_id", items.isEmpty() ? null : items.get(0).get("id").asText());
        list.put("last_id", items.isEmpty() ? null : items.get(items.size() - 1).get("id").asText());
        list.put("has_more", hasMore);
        return list;
    }
}
