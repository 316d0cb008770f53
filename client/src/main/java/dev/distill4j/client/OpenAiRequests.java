package dev.distill4j.client;

import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.distill4j.core.ChatMessage;

/** Turns a {@link ChatCall} into the SDK's request parameters. */
final class OpenAiRequests {
    private OpenAiRequests() {}

    // max_tokens, not max_completion_tokens: vLLM, SGLang, llama.cpp and older servers read only the first,
    // and OpenAI still accepts it for non-reasoning models.
    @SuppressWarnings("deprecation")
    static ChatCompletionCreateParams toParams(String model, ChatCall call) {
        var params = ChatCompletionCreateParams.builder()
                .model(model)
                .temperature(call.temperature())
                .topP(call.topP())
                .maxTokens(call.maxTokens());
        for (ChatMessage message : call.messages()) {
            switch (message.role()) {
                case "system" -> params.addSystemMessage(message.content());
                case "developer" -> params.addDeveloperMessage(message.content());
                case "user" -> params.addUserMessage(message.content());
                case "assistant" -> params.addAssistantMessage(message.content());
                default -> throw new IllegalArgumentException("role '" + message.role() + "' cannot be sent");
            }
        }
        // Leave n out when it is 1: some servers reject the field itself.
        if (call.n() > 1) {
            params.n(call.n());
        }
        if (!call.stop().isEmpty()) {
            params.stop(ChatCompletionCreateParams.Stop.ofStrings(call.stop()));
        }
        if (call.seed() != null) {
            params.seed(call.seed());
        }
        if (call.logprobs()) {
            params.logprobs(true);
            if (call.topLogprobs() > 0) {
                params.topLogprobs(call.topLogprobs());
            }
        }
        call.extras().forEach((field, value) -> params.putAdditionalBodyProperty(field, JsonValue.fromJsonNode(value)));
        return params.build();
    }
}
