package dev.distill4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;

/**
 * A request the server refuses or cannot finish, as OpenAI reports it: an HTTP status and
 * {@code {"error": {"message", "type", "param", "code"}}}. The one place where statuses, types and codes meet.
 * Messages never contain an API key.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Integer retryAfterSeconds;

    private ApiError(int status, String type, String param, String code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: a field is missing, of the wrong type or out of range; {@code param} names it. */
    public static ApiError badParameter(String param, String message) {
        return new ApiError(400, "invalid_request_error", param, "invalid_value", message, null);
    }

    /** 400: the body is not a JSON object. */
    public static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_request_error", null, "invalid_json", message, null);
    }

    /** 400: the prompt and the completion it asks for do not fit the model's context. */
    public static ApiError contextLength(String param, String message) {
        return new ApiError(400, "invalid_request_error", param, "context_length_exceeded", message, null);
    }

    public static ApiError missingKey() {
        return new ApiError(401, "invalid_request_error", null, "missing_api_key",
                "You didn't provide an API key. Send it in an Authorization header: 'Authorization: Bearer YOUR_KEY'.", null);
    }

    public static ApiError wrongKey() {
        // OpenAI echoes part of the key here; a key, even in part, never goes back out.
        return new ApiError(401, "invalid_request_error", null, "invalid_api_key", "Incorrect API key provided.", null);
    }

    public static ApiError unknownModel(String model, String served) {
        return new ApiError(404, "invalid_request_error", "model", "model_not_found",
                "The model '" + model + "' does not exist. This server serves '" + served + "'.", null);
    }

    public static ApiError notFound(String method, String path) {
        return new ApiError(404, "invalid_request_error", null, "unknown_url", "Unknown request URL: " + method + " " + path + ".", null);
    }

    /** 404: a file or batch that does not exist, or that another API key owns (the same answer, so ids cannot be probed). */
    public static ApiError noSuchObject(String kind, String id) {
        return new ApiError(404, "invalid_request_error", "id", "not_found", "No " + kind + " found with id '" + id + "'.", null);
    }

    /** 404: the batch API needs a state folder, and this server was started without one. */
    public static ApiError batchApiOff() {
        return new ApiError(404, "invalid_request_error", null, "unknown_url", "This server keeps no batch state, so it has no batch"
                + " API: start it with a state folder (./distill serve --state DIR) to use /v1/files and /v1/batches.", null);
    }

    /** 409: a batch that cannot make the asked change from where it is (cancelling a finished batch). */
    public static ApiError conflict(String message) {
        return new ApiError(409, "invalid_request_error", null, "conflict", message, null);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", null, "request_too_large",
                "The request body is larger than this server's limit of " + limit + " bytes.", null);
    }

    /** 429: this key already has as many rows queued and running as one key may. */
    public static ApiError overQuota(String message, int retryAfterSeconds) {
        return new ApiError(429, "rate_limit_error", null, "rate_limit_exceeded", message, retryAfterSeconds);
    }

    /** 503: the queue is full (the KV cache's rows are taken and as many wait as the server allows), or shutting down. */
    public static ApiError overloaded(String message, int retryAfterSeconds) {
        return new ApiError(503, "server_error", null, "overloaded", message, retryAfterSeconds);
    }

    /** 403: the guard stopped this key; the reasons stay in the server's log, not in the answer an attacker reads. */
    public static ApiError refusedByGuard() {
        return new ApiError(403, "invalid_request_error", null, "access_denied",
                "This key's requests are refused: its traffic matches a model-extraction pattern. Contact the operator of this server.", null);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", null, "internal_error", message, null);
    }

    public int status() {
        return status;
    }

    /** Seconds a client should wait before trying again (the Retry-After header), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ObjectNode toJson() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return body;
    }
}
