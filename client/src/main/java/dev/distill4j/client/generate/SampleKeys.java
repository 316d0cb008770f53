package dev.distill4j.client.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Json;
import dev.distill4j.core.config.SamplingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Content keys of the generate stage. A sample's key is the task, the teacher model, the messages, the sampling
 * parameters and the sample index. The task id (itself content-derived) is in it because two tasks may share a prompt
 * and differ in reference or verifier: each needs its own samples, stored under its own id. The key leaves out how many samples one request asked for, so that a resumed run that groups
 * the missing indices differently still recognises every stored sample. A request's key adds its first index and
 * its count.
 */
final class SampleKeys {
    private final String teacher;
    private final String parameters;

    /** @param models the models of the teacher's endpoints (several endpoints serving one model share keys) */
    SampleKeys(List<String> models, SamplingConfig sampling) {
        this.teacher = String.join(",", models.stream().distinct().sorted().toList());
        this.parameters = json(parametersOf(sampling));
    }

    String sampleKey(String taskId, List<ChatMessage> messages, int sampleIndex) {
        return ContentKey.of("distill4j-sample-v1", taskId, teacher, json(messages), parameters, Integer.toString(sampleIndex));
    }

    String requestKey(String taskId, List<ChatMessage> messages, int firstIndex, int count) {
        return ContentKey.of("distill4j-request-v1", taskId, teacher, json(messages), parameters, Integer.toString(firstIndex),
                Integer.toString(count));
    }

    /** Everything that changes what one sample is; {@code n} only says how many come at once. */
    static Map<String, Object> parametersOf(SamplingConfig sampling) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("temperature", sampling.temperature());
        parameters.put("top_p", sampling.topP());
        parameters.put("max_tokens", sampling.maxTokens());
        parameters.put("stop", sampling.stop());
        parameters.put("seed", sampling.seed());
        parameters.put("logprobs", sampling.logprobs());
        parameters.put("top_logprobs", sampling.topLogprobs());
        return parameters;
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a key part as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
