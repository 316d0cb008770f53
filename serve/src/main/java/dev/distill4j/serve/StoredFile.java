package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;

/**
 * A file of the batch API: an uploaded input file or a batch's output or error file.
 *
 * @param owner   the key id that may read it ("anonymous" on a server without keys); never a key
 * @param purpose {@code batch} for uploads, {@code batch_output} for what batches write
 */
record StoredFile(String id, String owner, long bytes, long createdAt, String filename, String purpose) {
    /** OpenAI's file object. */
    ObjectNode toApiJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", id);
        json.put("object", "file");
        json.put("bytes", bytes);
        json.put("created_at", createdAt);
        json.put("filename", filename);
        json.put("purpose", purpose);
        json.put("status", "processed");
        json.putNull("expires_at");
        json.putNull("status_details");
        return json;
    }

    ObjectNode toStoredJson() {
        return toApiJson().put("owner", owner);
    }

    static StoredFile fromStoredJson(JsonNode json) {
        return new StoredFile(json.get("id").asText(), json.get("owner").asText(), json.get("bytes").longValue(),
                json.get("created_at").longValue(), json.get("filename").asText(), json.get("purpose").asText());
    }
}
