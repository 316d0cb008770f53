package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;

/**
 * One problem of a batch input file, in OpenAI's {@code errors.data[]} shape. A file with any of them fails as a whole
 * (status {@code failed}) before a request runs, as at OpenAI.
 *
 * @param code    {@code invalid_json_line}, {@code missing_required_parameter}, {@code invalid_request},
 *                {@code duplicate_custom_id}, {@code url_mismatch}, {@code empty_file} or {@code too_many_tasks}
 * @param message what is wrong, naming the line and the field
 * @param param   the field, or null
 * @param line    the 1-based line of the input file, or null for the file as a whole
 */
record BatchError(String code, String message, String param, Integer line) {
    ObjectNode toJson() {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        error.put("param", param);
        if (line == null) {
            error.putNull("line");
        } else {
            error.put("line", line);
        }
        return error;
    }

    static BatchError fromJson(JsonNode json) {
        return new BatchError(json.path("code").asText(), json.path("message").asText(), json.path("param").isTextual() ? json.get("param").asText() : null,
                json.path("line").isIntegralNumber() ? json.get("line").intValue() : null);
    }
}
