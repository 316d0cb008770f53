package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.TokenLogprob;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streamed answer: server-sent events in OpenAI's chunk format, {@code data: {...}} per chunk, in order, ending
 * with {@code data: [DONE]}. Chat streams start each choice with a role chunk and end it with an empty delta carrying
 * the finish reason; with {@code stream_options.include_usage}, a last chunk with no choices carries the usage.
 *
 * <p>Text is sent as it is decoded, less a tail that could still be the start of a stop string (the longest stop
 * string's length less one, as vLLM holds back) or an incomplete UTF-8 sequence: so no stream ever shows text that
 * the whole answer would not contain. Each chunk's logprobs are those of the tokens that arrived with it.
 *
 * <p>A degraded answer ({@link AnswerDegradation}) streams rounded logprobs as they come; when only the final answer
 * may be shown, the text is held back and the final answer sent whole with the choice's last chunk, since what the
 * final answer is cannot be known before the text ends.
 *
 * <p>A failed write means the client went away: the job is cancelled and its rows leave the batch at the next step.
 */
final class SseAnswer {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Context ctx;
    private final Job job;
    private final GenerationRequest request;
    private final String id;
    private final long created;
    private final OpenAiJson json;
    private final ServedModel model;
    private final ClientWatch watch;
    private final AnswerDegradation degradation;
    private final int holdBack;
    private OutputStream out;

    /** What one choice has been sent so far. */
    private static final class ChoiceStream {
        int[] tokens = new int[0];
        int sentChars;
        int textOffset;
        boolean echoed;
    }

    SseAnswer(Context ctx, Job job, String id, long created, OpenAiJson json, ServedModel model, ClientWatch watch, AnswerDegradation degradation) {
        this.ctx = ctx;
        this.job = job;
        this.request = job.request;
        this.id = id;
        this.created = created;
        this.json = json;
        this.model = model;
        this.watch = watch;
        this.degradation = degradation;
        this.holdBack = request.stop().stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    void write(OpenAiServer.Outcome outcome) throws InterruptedException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        // Proxies such as nginx buffer responses unless told not to.
        ctx.res().setHeader("X-Accel-Buffering", "no");
        ChoiceStream[] choices = new ChoiceStream[request.choices()];
        try {
            out = ctx.res().getOutputStream();
            for (int i = 0; i < choices.length; i++) {
                choices[i] = new ChoiceStream();
                if (request.kind() == GenerationRequest.Kind.CHAT) {
                    ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
                    send(json.chatChunk(id, created, i, delta, null, null));
                }
            }
            flush();
            int finished = 0;
            while (finished < choices.length) {
                if (watch.isGone()) {
                    return;
                }
                Job.Event event = job.next(100);
                if (event == null) {
                    continue;
                }
                switch (event) {
                    case Job.Tokens tokens -> {
                        echo(tokens.choice(), choices[tokens.choice()], tokens.promptLogprobs());
                        tokens(tokens.choice(), choices[tokens.choice()], tokens);
                    }
                    case Job.Finished done -> {
                        echo(done.choice(), choices[done.choice()], done.promptLogprobs());
                        finish(choices[done.choice()], done);
                        outcome.completionTokens += done.completion().tokens().length;
                        finished++;
                    }
                    case Job.Failed failed -> {
                        // The status line is long gone: the error travels as an event, as vLLM sends it, then [DONE].
                        send(failed.error().toJson());
                        out.write(DONE);
                        flush();
                        return;
                    }
                }
                flush();
            }
            if (request.includeUsage()) {
                ObjectNode chunk = json.envelope(id, request.kind() == GenerationRequest.Kind.CHAT ? "chat.completion.chunk" : "text_completion", created);
                chunk.putArray("choices");
                chunk.set("usage", OpenAiJson.usage(outcome.promptTokens, outcome.completionTokens));
                send(chunk);
            }
            out.write(DONE);
            flush();
        } catch (IOException e) {
            watch.gone();
        }
    }

    /** The legacy API streams the echoed prompt (and its logprobs) before the completion: once, at a choice's first event. */
    private void echo(int index, ChoiceStream choice, List<TokenLogprob> scored) throws IOException {
        if (request.kind() != GenerationRequest.Kind.COMPLETION || !request.echo() || choice.echoed) {
            return;
        }
        choice.echoed = true;
        int[] prompt = request.promptOf(index);
        ObjectNode logprobs = null;
        if (request.logprobs()) {
            List<TokenLogprob> withFirst = new ArrayList<>();
            withFirst.add(null);
            withFirst.addAll(scored == null ? List.of() : degradation.logprobs(scored));
            logprobs = promptLogprobs(prompt, withFirst, choice);
        }
        send(json.completionChunk(id, created, index, model.decodeKeepingSpecial(prompt), logprobs, null));
    }

    private void tokens(int index, ChoiceStream choice, Job.Tokens event) throws IOException {
        if (degradation.finalAnswerOnly()) {
            // Nothing of the text before it ends (the request side has dropped its logprobs): finish sends the answer.
            return;
        }
        int[] all = Arrays.copyOf(choice.tokens, choice.tokens.length + event.tokens().length);
        System.arraycopy(event.tokens(), 0, all, choice.tokens.length, event.tokens().length);
        choice.tokens = all;
        String text = model.decode(all);
        int safe = text.length() - holdBack;
        // A byte-level tokenizer decodes a partial UTF-8 sequence to U+FFFD: wait for the rest of the character.
        while (safe > choice.sentChars && text.charAt(safe - 1) == '\uFFFD') {
            safe--;
        }
        String delta = safe > choice.sentChars ? text.substring(choice.sentChars, safe) : "";
        choice.sentChars = Math.max(choice.sentChars, safe);
        if (!delta.isEmpty() || !event.logprobs().isEmpty()) {
            sendDelta(index, choice, delta, event.tokens(), degradation.logprobs(event.logprobs()), null);
        }
    }

    private void finish(ChoiceStream choice, Job.Finished done) throws IOException {
        int index = done.choice();
        Completion completion = done.completion();
        String text = degradation.text(completion.text());
        String rest = choice.sentChars < text.length() ? text.substring(choice.sentChars) : "";
        if (request.kind() == GenerationRequest.Kind.CHAT) {
            if (!rest.isEmpty()) {
                sendDelta(index, choice, rest, new int[0], List.of(), null);
            }
            send(json.chatChunk(id, created, index, Json.MAPPER.createObjectNode(), null, completion.finishReason()));
            return;
        }
        send(json.completionChunk(id, created, index, rest, null, completion.finishReason()));
    }

    private ObjectNode promptLogprobs(int[] prompt, List<TokenLogprob> logprobs, ChoiceStream choice) {
        ObjectNode legacy = json.legacyLogprobs(new int[0], List.of(), request.topLogprobs(), choice.textOffset);
        var tokens = (com.fasterxml.jackson.databind.node.ArrayNode) legacy.get("tokens");
        var tokenLogprobs = (com.fasterxml.jackson.databind.node.ArrayNode) legacy.get("token_logprobs");
        var top = (com.fasterxml.jackson.databind.node.ArrayNode) legacy.get("top_logprobs");
        var offsets = (com.fasterxml.jackson.databind.node.ArrayNode) legacy.get("text_offset");
        for (int t = 0; t < prompt.length; t++) {
            String text = model.tokenText(prompt[t]);
            tokens.add(text);
            offsets.add(choice.textOffset);
            choice.textOffset += text.length();
            TokenLogprob logprob = t < logprobs.size() ? logprobs.get(t) : null;
            if (logprob == null) {
                tokenLogprobs.addNull();
                top.addNull();
            } else {
                tokenLogprobs.add(logprob.logprob());
                ObjectNode alternatives = top.addObject();
                logprob.top().stream().limit(request.topLogprobs())
                        .forEach(alternative -> alternatives.put(model.tokenText(alternative.token()), alternative.logprob()));
                alternatives.put(text, logprob.logprob());
            }
        }
        return legacy;
    }

    private void sendDelta(int index, ChoiceStream choice, String text, int[] tokens, List<TokenLogprob> logprobs, String finishReason) throws IOException {
        if (request.kind() == GenerationRequest.Kind.CHAT) {
            ObjectNode delta = Json.MAPPER.createObjectNode().put("content", text);
            ObjectNode chatLogprobs = request.logprobs() ? json.chatLogprobs(logprobs) : null;
            send(json.chatChunk(id, created, index, delta, chatLogprobs, finishReason));
        } else {
            ObjectNode legacy = null;
            if (request.logprobs()) {
                legacy = json.legacyLogprobs(tokens, logprobs, request.topLogprobs(), choice.textOffset);
                for (int token : tokens) {
                    choice.textOffset += model.tokenText(token).length();
                }
            }
            send(json.completionChunk(id, created, index, text, legacy, finishReason));
        }
    }

    private void send(JsonNode chunk) throws IOException {
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void flush() throws IOException {
        out.flush();
    }
}
