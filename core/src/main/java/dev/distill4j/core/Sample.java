package dev.distill4j.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rollout: a completion the teacher (or a student) produced for a task.
 *
 * @param key              content key: hash of the task, teacher model, messages, sampling parameters and sample index; written once
 * @param requestKey       the request that produced it (several samples share one request with {@code n > 1})
 * @param taskId           the task it answers
 * @param sampleIndex      0-based index among the samples of that task under the same parameters
 * @param model            the model that wrote it
 * @param completion       the text produced
 * @param finishReason     {@code stop} or {@code length}, as the server said
 * @param promptTokens     prompt tokens billed (0 when shared with a sibling sample of one request)
 * @param completionTokens tokens actually produced
 * @param logprobs         per-token logprobs as the server returned them, or null
 */
public record Sample(
        String key,
        String requestKey,
        String taskId,
        int sampleIndex,
        String model,
        String completion,
        String finishReason,
        int promptTokens,
        int completionTokens,
        JsonNode logprobs) {
    public Sample {
        Records.requireText(key, "key");
        Records.requireText(taskId, "task_id");
        Records.requireNonNegative(sampleIndex, "sample_index");
        Records.requireNonNegative(promptTokens, "prompt_tokens");
        Records.requireNonNegative(completionTokens, "completion_tokens");
        if (completion == null) {
            throw new IllegalArgumentException("field 'completion': expected the completion text, got null");
        }
    }
}
