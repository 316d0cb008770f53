package dev.distill4j.client.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.ChatCall;
import dev.distill4j.client.Completion;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.core.Json;
import dev.distill4j.core.Sample;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.config.SamplingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a teacher's answer into the rows of the samples and requests tables. */
final class SampleRows {
    private final SamplingConfig sampling;

    SampleRows(SamplingConfig sampling) {
        this.sampling = sampling;
    }

    /** One sample per choice the server sent, at most the plan's count. */
    List<Sample> samples(RequestPlan plan, TeacherResult result, String configuredModel) {
        return samples(plan.task().id(), plan.firstIndex(), plan.requestKey(), plan.sampleKeys(), result, configuredModel);
    }

    /** One sample per choice the server sent, at most one per key, stored under those keys. */
    List<Sample> samples(String taskId, int firstIndex, String requestKey, List<String> sampleKeys, TeacherResult result, String configuredModel) {
        int count = Math.min(sampleKeys.size(), result.choices().size());
        long completionTokens = result.usage().completionTokens();
        String model = result.model().isBlank() ? configuredModel : result.model();
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Completion choice = result.choices().get(i);
            // Usage is per request; a choice's own count is known only from its logprobs, else the total is shared out.
            long tokens = !choice.logprobs().isEmpty() ? choice.logprobs().size()
                    : completionTokens / count + (i < completionTokens % count ? 1 : 0);
            // The prompt is billed once per request: the first sample carries it, so sums over samples stay honest.
            long promptTokens = i == 0 ? result.usage().promptTokens() : 0;
            JsonNode logprobs = choice.logprobs().isEmpty() ? null : Json.MAPPER.valueToTree(choice.logprobs());
            samples.add(new Sample(sampleKeys.get(i), requestKey, taskId, firstIndex + i, model,
                    choice.text(), choice.finishReason(), Math.toIntExact(promptTokens), Math.toIntExact(tokens), logprobs));
        }
        return samples;
    }

    TeacherRequest request(RequestPlan plan, ChatCall call, TeacherResult result, String model, double costUsd, long latencyMs) {
        return request(plan.requestKey(), body(call, model), result, model, costUsd, latencyMs);
    }

    /** The row of a request whose body was sent as it is (a batch input line's). */
    TeacherRequest request(String requestKey, JsonNode body, TeacherResult result, String model, double costUsd, long latencyMs) {
        return new TeacherRequest(requestKey, result.endpoint(), model, body, "ok", result.attempts(),
                result.usage().promptTokens(), result.usage().completionTokens(), costUsd, latencyMs, null);
    }

    /** The request as sent, for people reading the store; credentials travel in a header and never get here. */
    private JsonNode body(ChatCall call, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", call.messages());
        body.put("n", call.n());
        Map<String, Object> parameters = SampleKeys.parametersOf(sampling);
        parameters.put("seed", call.seed());
        body.putAll(parameters);
        return Json.MAPPER.valueToTree(body);
    }
}
