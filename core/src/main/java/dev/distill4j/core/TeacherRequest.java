package dev.distill4j.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request sent (or about to be sent) to a teacher endpoint, with what it cost.
 *
 * @param key              content key: hash of endpoint model, messages, sampling parameters and first sample index
 * @param endpoint         the endpoint's configured name (never its key)
 * @param model            the model asked
 * @param body             the request body as sent, without credentials
 * @param status           {@code ok} or {@code failed}
 * @param attempts         how many times it was sent
 * @param promptTokens     prompt tokens billed
 * @param completionTokens completion tokens billed
 * @param costUsd          dollars at the configured price
 * @param latencyMs        wall time of the successful attempt
 * @param error            the last error, or null
 */
public record TeacherRequest(
        String key,
        String endpoint,
        String model,
        JsonNode body,
        String status,
        int attempts,
        long promptTokens,
        long completionTokens,
        double costUsd,
        long latencyMs,
        String error) {
    public TeacherRequest {
        Records.requireText(key, "key");
        Records.requireText(endpoint, "endpoint");
        Records.requireText(status, "status");
        Records.requireNonNegative(attempts, "attempts");
        Records.requireNonNegative(promptTokens, "prompt_tokens");
        Records.requireNonNegative(completionTokens, "completion_tokens");
        Records.requireNonNegative(latencyMs, "latency_ms");
        if (!(costUsd >= 0.0)) {
            throw new IllegalArgumentException("field 'cost_usd': expected a number >= 0, got " + costUsd);
        }
    }
}
