package dev.distill4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.TokenLogprob;
import java.util.List;

/**
 * The response shapes of OpenAI's API, field for field, so that its SDKs parse them: chat completions and their
 * stream chunks, legacy text completions (with echo and the {@code tokens / token_logprobs / top_logprobs /
 * text_offset} logprobs), vLLM's {@code prompt_logprobs}, and usage. Fields OpenAI sends as null are sent as null,
 * since some SDKs insist that they be present.
 */
final class OpenAiJson {
    private final ServedModel model;

    OpenAiJson(ServedModel model) {
        this.model = model;
    }

    /** The envelope shared by responses and chunks. */
    ObjectNode envelope(String id, String object, long created) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model.name());
        body.putNull("system_fingerprint");
        return body;
    }

    static ObjectNode usage(long promptTokens, long completionTokens) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }

    /**
     * A whole (not streamed) answer: the envelope, every choice in order and the usage. The live endpoints and the batch
     * API both answer with it, so a batch's output line holds exactly what the live endpoint returns.
     */
    ObjectNode answer(String id, long created, GenerationRequest request, Completion[] completions, List<List<TokenLogprob>> promptLogprobs) {
        ObjectNode body = envelope(id, request.kind().object, created);
        ArrayNode choices = body.putArray("choices");
        long completionTokens = 0;
        for (int i = 0; i < completions.length; i++) {
            completionTokens += completions[i].tokens().length;
            choices.add(request.kind() == GenerationRequest.Kind.CHAT ? chatChoice(i, completions[i], request)
                    : completionChoice(i, completions[i], promptLogprobs.get(i), request.promptOf(i), request));
        }
        body.set("usage", usage(request.promptTokens(), completionTokens));
        return body;
    }

    // ---- chat -------------------------------------------------------------------------------------------------

    ObjectNode chatChoice(int index, Completion completion, GenerationRequest request) {
        ObjectNode choice = Json.MAPPER.createObjectNode();
        choice.put("index", index);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", completion.text());
        message.putNull("refusal");
        if (request.logprobs()) {
            choice.set("logprobs", chatLogprobs(completion.logprobs()));
        } else {
            choice.putNull("logprobs");
        }
        choice.put("finish_reason", completion.finishReason());
        return choice;
    }

    /** {@code {"content": [{"token", "logprob", "bytes", "top_logprobs": [...]}, ...]}}. */
    ObjectNode chatLogprobs(List<TokenLogprob> logprobs) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        ArrayNode content = object.putArray("content");
        for (TokenLogprob logprob : logprobs) {
            ObjectNode entry = tokenEntry(logprob.token(), logprob.logprob());
            ArrayNode top = entry.putArray("top_logprobs");
            for (TokenLogprob.Alternative alternative : logprob.top()) {
                top.add(tokenEntry(alternative.token(), alternative.logprob()));
            }
            content.add(entry);
        }
        object.putNull("refusal");
        return object;
    }

    private ObjectNode tokenEntry(int token, double logprob) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        String text = model.tokenText(token);
        entry.put("token", text);
        entry.put("logprob", logprob);
        ArrayNode bytes = entry.putArray("bytes");
        for (byte b : ServedModel.utf8(text)) {
            bytes.add(b & 0xff);
        }
        return entry;
    }

    /** A chat chunk with one choice; {@code delta} may be empty (the last chunk of a choice). */
    ObjectNode chatChunk(String id, long created, int index, ObjectNode delta, ObjectNode logprobs, String finishReason) {
        ObjectNode chunk = envelope(id, "chat.completion.chunk", created);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.set("logprobs", logprobs); // Jackson writes a null node as JSON null, which the stream's shape wants
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    // ---- legacy completions -------------------------------------------------------------------------------------

    /**
     * A text completion choice. With echo the prompt's text comes first, and with logprobs the prompt's tokens head
     * the logprobs (the first with null: nothing predicts it), as the legacy API scored text.
     */
    ObjectNode completionChoice(int index, Completion completion, List<TokenLogprob> promptLogprobs, int[] prompt, GenerationRequest request) {
        ObjectNode choice = Json.MAPPER.createObjectNode();
        choice.put("index", index);
        String promptText = request.echo() ? model.decodeKeepingSpecial(prompt) : "";
        choice.put("text", promptText + completion.text());
        boolean wantLogprobs = request.logprobs();
        if (wantLogprobs) {
            LegacyLogprobs logprobs = new LegacyLogprobs(request.topLogprobs());
            if (request.echo()) {
                logprobs.prompt(prompt, promptLogprobs);
            }
            logprobs.generated(completion.tokens(), completion.logprobs());
            choice.set("logprobs", logprobs.json);
        } else {
            choice.putNull("logprobs");
        }
        choice.put("finish_reason", completion.finishReason());
        if (request.promptLogprobs() >= 0 && promptLogprobs != null) {
            choice.set("prompt_logprobs", vllmPromptLogprobs(prompt, promptLogprobs));
        }
        return choice;
    }

    /** A text completion chunk with one choice. */
    ObjectNode completionChunk(String id, long created, int index, String text, ObjectNode logprobs, String finishReason) {
        ObjectNode chunk = envelope(id, "text_completion", created);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.put("text", text);
        choice.set("logprobs", logprobs); // Jackson writes a null node as JSON null, which the stream's shape wants
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    /** The legacy {@code logprobs} object of some generated tokens (a stream chunk's). */
    ObjectNode legacyLogprobs(int[] tokens, List<TokenLogprob> logprobs, int top, int textOffset) {
        LegacyLogprobs legacy = new LegacyLogprobs(top);
        legacy.offset = textOffset;
        legacy.generated(tokens, logprobs);
        return legacy.json;
    }

    /** vLLM's shape: null for the first token, then per token {"id": {"logprob", "rank", "decoded_token"}}. */
    private ArrayNode vllmPromptLogprobs(int[] prompt, List<TokenLogprob> logprobs) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        array.addNull();
        for (TokenLogprob logprob : logprobs) {
            ObjectNode position = array.addObject();
            Integer rank = null;
            for (int i = 0; i < logprob.top().size(); i++) {
                TokenLogprob.Alternative alternative = logprob.top().get(i);
                position.set(Integer.toString(alternative.token()), vllmEntry(alternative.logprob(), i + 1, alternative.token()));
                if (alternative.token() == logprob.token()) {
                    rank = i + 1;
                }
            }
            if (rank == null) {
                // Outside the top alternatives its exact rank is not computed: null says so rather than guess.
                position.set(Integer.toString(logprob.token()), vllmEntry(logprob.logprob(), null, logprob.token()));
            }
        }
        return array;
    }

    private ObjectNode vllmEntry(double logprob, Integer rank, int token) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("logprob", logprob);
        if (rank == null) {
            entry.putNull("rank");
        } else {
            entry.put("rank", rank);
        }
        entry.put("decoded_token", model.tokenText(token));
        return entry;
    }

    /** Builds the legacy logprobs arrays token by token, keeping the text offsets. */
    private final class LegacyLogprobs {
        final ObjectNode json = Json.MAPPER.createObjectNode();
        final ArrayNode tokens = json.putArray("tokens");
        final ArrayNode tokenLogprobs = json.putArray("token_logprobs");
        final ArrayNode topLogprobs = json.putArray("top_logprobs");
        final ArrayNode textOffset = json.putArray("text_offset");
        final int top;
        int offset;

        LegacyLogprobs(int top) {
            this.top = top;
        }

        void prompt(int[] prompt, List<TokenLogprob> logprobs) {
            for (int t = 0; t < prompt.length; t++) {
                if (t == 0 || logprobs == null) {
                    add(prompt[t], null);
                } else {
                    add(prompt[t], logprobs.get(t - 1));
                }
            }
        }

        void generated(int[] generated, List<TokenLogprob> logprobs) {
            for (int t = 0; t < generated.length && t < logprobs.size(); t++) {
                add(generated[t], logprobs.get(t));
            }
        }

        private void add(int token, TokenLogprob logprob) {
            String text = model.tokenText(token);
            tokens.add(text);
            textOffset.add(offset);
            offset += text.length();
            if (logprob == null) {
                tokenLogprobs.addNull();
                topLogprobs.addNull();
                return;
            }
            tokenLogprobs.add(logprob.logprob());
            ObjectNode alternatives = topLogprobs.addObject();
            for (int i = 0; i < Math.min(top, logprob.top().size()); i++) {
                TokenLogprob.Alternative alternative = logprob.top().get(i);
                alternatives.put(model.tokenText(alternative.token()), alternative.logprob());
            }
            // As OpenAI and vLLM do, the chosen token is among its position's entries even when it is not a top one.
            alternatives.put(text, logprob.logprob());
        }
    }
}
