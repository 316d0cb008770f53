package dev.distill4j.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.config.SamplingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One chat-completion call: the prompt, how to sample, and provider extras sent as they are.
 *
 * @param messages    the conversation, at least one message; {@code tool} messages are refused (they need a
 *                    tool_call_id that {@link ChatMessage} does not carry)
 * @param n           completions wanted (1..1024)
 * @param temperature sampling temperature in [0, 2]
 * @param topP        nucleus mass in (0, 1]
 * @param maxTokens   completion length limit per choice (>= 1)
 * @param stop        stop sequences, each non-empty
 * @param seed        the seed sent to the server, or null
 * @param logprobs    whether to ask for token logprobs
 * @param topLogprobs alternatives per token (0..20); more than 0 requires {@code logprobs}
 * @param extras      provider-specific body fields (vLLM's {@code top_k}, {@code repetition_penalty}, ...);
 *                    they must not repeat a field this record owns
 */
public record ChatCall(
        List<ChatMessage> messages,
        int n,
        double temperature,
        double topP,
        int maxTokens,
        List<String> stop,
        Long seed,
        boolean logprobs,
        int topLogprobs,
        Map<String, JsonNode> extras) {
    static final Set<String> OWNED_FIELDS = Set.of("model", "messages", "n", "temperature", "top_p", "max_tokens",
            "max_completion_tokens", "stop", "seed", "logprobs", "top_logprobs", "stream");

    public ChatCall {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("field 'messages': expected one or more messages, got none");
        }
        messages = List.copyOf(messages);
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role().equals("tool")) {
                throw new IllegalArgumentException("field 'messages[" + i + "].role': expected system, developer, user or"
                        + " assistant, got 'tool' (a tool message needs a tool_call_id)");
            }
        }
        between("n", n, 1, 1024);
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("field 'temperature': expected a number in [0, 2], got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("field 'top_p': expected a number in (0, 1], got " + topP);
        }
        between("max_tokens", maxTokens, 1, Integer.MAX_VALUE);
        stop = stop == null ? List.of() : List.copyOf(stop);
        // No count limit: OpenAI allows 4, vLLM and SGLang more; the server says if it minds.
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("field 'stop': expected non-empty sequences, got " + stop);
        }
        between("top_logprobs", topLogprobs, 0, 20);
        if (topLogprobs > 0 && !logprobs) {
            throw new IllegalArgumentException("field 'top_logprobs': expected 0 unless 'logprobs' is true, got " + topLogprobs);
        }
        extras = extras == null ? Map.of() : Map.copyOf(extras);
        for (String field : extras.keySet()) {
            if (OWNED_FIELDS.contains(field)) {
                throw new IllegalArgumentException("field 'extras." + field + "': expected a provider extra, got a field"
                        + " the call sets itself");
            }
        }
    }

    /** The same call asking for {@code count} completions with {@code seed}: how the n fall-back splits one call. */
    public ChatCall withNAndSeed(int count, Long newSeed) {
        return new ChatCall(messages, count, temperature, topP, maxTokens, stop, newSeed, logprobs, topLogprobs, extras);
    }

    /**
     * Tokens this call may cost, for the tokens-per-minute limit: about 4 characters per prompt token, plus
     * every completion at its limit, because providers count {@code max_tokens} against the limit at admission.
     */
    public long estimatedTokens() {
        return estimatedTokens(1);
    }

    /** As {@link #estimatedTokens()}, when the n choices are asked for in {@code requests} requests, each with the prompt. */
    public long estimatedTokens(int requests) {
        long promptChars = messages.stream().mapToLong(message -> message.content().length()).sum();
        return requests * ((promptChars + 3) / 4) + (long) n * maxTokens;
    }

    /** The call a run's sampling configuration asks for. */
    public static ChatCall of(List<ChatMessage> messages, SamplingConfig sampling) {
        return new ChatCall(messages, sampling.n(), sampling.temperature(), sampling.topP(), sampling.maxTokens(),
                sampling.stop(), sampling.seed(), sampling.logprobs(), sampling.topLogprobs(), Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void between(String field, long value, long low, long high) {
        if (value < low || value > high) {
            throw new IllegalArgumentException("field '" + field + "': expected a number in [" + low + ", " + high + "], got " + value);
        }
    }

    /** Defaults: n 1, temperature 1, top_p 1, 512 tokens, no stop, no seed, no logprobs; {@link #build()} validates. */
    public static final class Builder {
        private List<ChatMessage> messages = List.of();
        private int n = 1;
        private double temperature = 1.0;
        private double topP = 1.0;
        private int maxTokens = 512;
        private List<String> stop = List.of();
        private Long seed;
        private boolean logprobs;
        private int topLogprobs;
        private final Map<String, JsonNode> extras = new LinkedHashMap<>();

        public Builder messages(List<ChatMessage> messages) {
            this.messages = messages;
            return this;
        }

        public Builder n(int n) {
            this.n = n;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder stop(List<String> stop) {
            this.stop = stop;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder logprobs(boolean logprobs) {
            this.logprobs = logprobs;
            return this;
        }

        public Builder topLogprobs(int topLogprobs) {
            this.topLogprobs = topLogprobs;
            return this;
        }

        public Builder extra(String field, JsonNode value) {
            extras.put(field, value);
            return this;
        }

        public ChatCall build() {
            return new ChatCall(messages, n, temperature, topP, maxTokens, stop, seed, logprobs, topLogprobs, extras);
        }
    }
}
