package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat and completions bodies to {@link GenerationRequest}s, with OpenAI's defaults and checks. Every refusal is an
 * {@link ApiError} 400 (404 for another model) that names the field.
 *
 * <p>Field handling, as documented in the README: unknown fields are ignored, as vLLM does (OpenAI rejects them);
 * known fields of the wrong type or out of range are refused. Accepted and ignored because this server has nothing
 * to do with them: {@code user}, {@code presence_penalty} and {@code frequency_penalty} (0 only is honoured: others
 * are refused, rather than silently sampling differently), {@code logit_bias} (empty only), {@code tools},
 * {@code response_format} and {@code metadata}.
 */
final class RequestParser {
    private final ServedModel model;
    private final int maxN;

    RequestParser(ServedModel model, int maxN) {
        this.model = model;
        this.maxN = maxN;
    }

    GenerationRequest chat(JsonNode body) {
        RequestFields fields = fields(body);
        List<ChatMessage> messages = messages(fields);
        int[] prompt;
        try {
            prompt = model.encodeChat(messages);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("messages", e.getMessage());
        }
        boolean logprobs = fields.bool("logprobs").orElse(false);
        int topLogprobs = fields.integerIn("top_logprobs", 0, 20).orElse(0);
        if (fields.has("top_logprobs") && !logprobs) {
            throw ApiError.badParameter("top_logprobs", "'top_logprobs' needs 'logprobs' set to true - 'top_logprobs'");
        }
        // max_completion_tokens is the newer name; when both are given it wins, as at OpenAI.
        String lengthField = fields.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        Integer maxTokens = fields.integerIn(lengthField, 1, Integer.MAX_VALUE).orElse(null);
        return common(fields, GenerationRequest.Kind.CHAT, List.of(prompt), lengthField, maxTokens, logprobs, topLogprobs, false, -1);
    }

    GenerationRequest completion(JsonNode body) {
        RequestFields fields = fields(body);
        List<int[]> prompts = prompts(fields);
        boolean echo = fields.bool("echo").orElse(false);
        Integer logprobs = fields.integerIn("logprobs", 0, 20).orElse(null);
        int promptLogprobs = fields.integerIn("prompt_logprobs", 0, 20).orElse(-1);
        if (echo && logprobs != null) {
            promptLogprobs = Math.max(promptLogprobs, logprobs);
        }
        // The legacy API's default is 16 tokens; 0 asks only for the echoed prompt's logprobs (scoring).
        boolean scoring = promptLogprobs >= 0;
        Integer maxTokens = fields.integerIn("max_tokens", scoring ? 0 : 1, Integer.MAX_VALUE).orElse(16);
        long n = fields.integer("n").orElse(1L);
        if (fields.integer("best_of").filter(bestOf -> bestOf.longValue() != n).isPresent()) {
            throw ApiError.badParameter("best_of", "best_of other than n is not supported by this server - 'best_of'");
        }
        return common(fields, GenerationRequest.Kind.COMPLETION, prompts, "max_tokens", maxTokens, logprobs != null,
                logprobs == null ? 0 : logprobs, echo, promptLogprobs);
    }

    private RequestFields fields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalidJson("The request body must be a JSON object.");
        }
        RequestFields fields = new RequestFields(body);
        fields.string("model").ifPresent(name -> {
            if (!name.equals(model.name())) {
                throw ApiError.unknownModel(name, model.name());
            }
        });
        return fields;
    }

    private GenerationRequest common(RequestFields fields, GenerationRequest.Kind kind, List<int[]> prompts, String lengthField,
            Integer maxTokens, boolean logprobs, int topLogprobs, boolean echo, int promptLogprobs) {
        int n = fields.integerIn("n", 1, maxN).orElse(1);
        double temperature = fields.number("temperature", 0, 2).orElse(1.0);
        double topP = fields.number("top_p", 0, 1).orElse(1.0);
        if (topP == 0) {
            throw ApiError.badParameter("top_p", "0.0 is not in (0, 1] - 'top_p'");
        }
        // vLLM's extension: -1 (or 0) means no limit.
        int topK = fields.integerIn("top_k", -1, Integer.MAX_VALUE).orElse(-1);
        List<String> stop = fields.stopStrings("stop");
        Long seed = fields.integer("seed").orElse(null);
        boolean stream = fields.bool("stream").orElse(false);
        boolean includeUsage = false;
        if (fields.has("stream_options")) {
            JsonNode options = fields.raw("stream_options");
            if (!options.isObject()) {
                throw RequestFields.wrongType("stream_options", "an object", options);
            }
            includeUsage = new RequestFields(options).bool("include_usage").orElse(false);
        }
        boolean ignoreEos = fields.bool("ignore_eos").orElse(false);
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (fields.number(penalty, -2, 2).filter(value -> value != 0).isPresent()) {
                throw ApiError.badParameter(penalty, "this server samples without penalties; send 0 or leave '" + penalty + "' out");
            }
        }
        if (fields.has("logit_bias") && !(fields.raw("logit_bias").isObject() && fields.raw("logit_bias").isEmpty())) {
            throw ApiError.badParameter("logit_bias", "this server does not apply 'logit_bias'; send {} or leave it out");
        }
        int longest = prompts.stream().mapToInt(prompt -> prompt.length).max().orElse(0);
        if (longest > model.maxPromptTokens()) {
            throw ApiError.contextLength(kind == GenerationRequest.Kind.CHAT ? "messages" : "prompt",
                    "This model's maximum context length is " + model.context() + " tokens and prompts may have up to "
                            + model.maxPromptTokens() + ". However, your prompt has " + longest + " tokens. Please reduce its length.");
        }
        int room = model.context() - longest;
        int tokens;
        if (maxTokens == null) {
            tokens = room; // as vLLM: whatever the context leaves
        } else if (maxTokens > room) {
            throw ApiError.contextLength(lengthField, "This model's maximum context length is " + model.context() + " tokens. However, you"
                    + " requested " + (longest + maxTokens) + " tokens (" + longest + " in the prompt, " + maxTokens + " for the completion)."
                    + " Please reduce the prompt or '" + lengthField + "'.");
        } else {
            tokens = maxTokens;
        }
        return new GenerationRequest(kind, prompts, n, temperature, topP, Math.max(topK, 0), tokens, stop, seed, logprobs, topLogprobs,
                echo, promptLogprobs, stream, includeUsage, ignoreEos);
    }

    private static List<ChatMessage> messages(RequestFields fields) {
        if (!fields.has("messages")) {
            throw ApiError.badParameter("messages", "'messages' is a required property");
        }
        JsonNode array = fields.raw("messages");
        if (!array.isArray() || array.isEmpty()) {
            throw ApiError.badParameter("messages", "expected a non-empty list of messages - 'messages'");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "messages[" + i + "]";
            JsonNode message = array.get(i);
            if (!message.isObject()) {
                throw RequestFields.wrongType(field, "an object", message);
            }
            RequestFields parts = new RequestFields(message);
            String role = parts.string("role").orElseThrow(() -> ApiError.badParameter(field + ".role", "'role' is a required property - '" + field + "'"));
            // OpenAI's newer name for the system role.
            role = role.equals("developer") ? "system" : role;
            String content = content(field, message.get("content"));
            try {
                messages.add(new ChatMessage(role, content));
            } catch (IllegalArgumentException e) {
                throw ApiError.badParameter(field + ".role", e.getMessage());
            }
        }
        return messages;
    }

    /** A message's content: a string, or a list of text parts (the other part types need a model that sees them). */
    private static String content(String field, JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiError.badParameter(field + ".content", "this model reads text parts only ({\"type\": \"text\", \"text\": ...}) - '"
                            + field + ".content'");
                }
                text.append(part.get("text").textValue());
            }
            return text.toString();
        }
        throw RequestFields.wrongType(field + ".content", "a string or a list of text parts", content);
    }

    /** {@code prompt}: a string, a list of strings, a list of token ids, or a list of lists of token ids. */
    private List<int[]> prompts(RequestFields fields) {
        if (!fields.has("prompt")) {
            throw ApiError.badParameter("prompt", "'prompt' is a required property");
        }
        JsonNode prompt = fields.raw("prompt");
        List<int[]> prompts = new ArrayList<>();
        if (prompt.isTextual()) {
            prompts.add(nonEmpty(model.encode(prompt.textValue()), "prompt"));
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            if (prompt.get(0).isIntegralNumber()) {
                prompts.add(tokenIds(prompt, "prompt"));
            } else {
                for (int i = 0; i < prompt.size(); i++) {
                    JsonNode item = prompt.get(i);
                    String field = "prompt[" + i + "]";
                    if (item.isTextual()) {
                        prompts.add(nonEmpty(model.encode(item.textValue()), field));
                    } else if (item.isArray()) {
                        prompts.add(tokenIds(item, field));
                    } else {
                        throw RequestFields.wrongType("prompt", "a string, a list of strings or a list of token ids", prompt);
                    }
                }
            }
        } else {
            throw RequestFields.wrongType("prompt", "a string, a list of strings or a list of token ids", prompt);
        }
        return prompts;
    }

    private int[] tokenIds(JsonNode array, String field) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || id.longValue() < 0 || id.longValue() >= model.vocabSize()) {
                throw ApiError.badParameter(field, "token ids must be integers in [0, " + model.vocabSize() + "), got " + id + " - '" + field + "'");
            }
            ids[i] = id.intValue();
        }
        return nonEmpty(ids, field);
    }

    private static int[] nonEmpty(int[] ids, String field) {
        if (ids.length == 0) {
            throw ApiError.badParameter(field, "the prompt is empty - '" + field + "'");
        }
        return ids;
    }
}
