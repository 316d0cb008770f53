package dev.distill4j.serve;

import dev.distill4j.model.generate.RowSpec;
import dev.distill4j.model.generate.Sampling;
import java.util.ArrayList;
import java.util.List;

/**
 * What one chat or completions request asks for, validated and tokenized: one or more prompts, each sampled
 * {@code n} times. Choice {@code i * n + j} is prompt i's j-th sample (OpenAI's order for several prompts).
 *
 * @param maxTokens      tokens to generate per choice; 0 only when the request scores its prompt (echo) and generates nothing
 * @param seed           the request's seed, or null (the server then draws one); choice j samples with seed + j, the
 *                       seeds the pipeline's client sends when it splits an n > 1 call, so both ways agree
 * @param logprobs       whether generated tokens carry logprobs
 * @param topLogprobs    alternatives per generated token (0..20)
 * @param promptLogprobs alternatives per prompt token when prompt logprobs are asked for (echo with logprobs, or vLLM's
 *                       {@code prompt_logprobs}), else -1
 */
record GenerationRequest(
        Kind kind,
        List<int[]> prompts,
        int n,
        double temperature,
        double topP,
        int topK,
        int maxTokens,
        List<String> stop,
        Long seed,
        boolean logprobs,
        int topLogprobs,
        boolean echo,
        int promptLogprobs,
        boolean stream,
        boolean includeUsage,
        boolean ignoreEos) {

    enum Kind {
        CHAT("chat.completion", "chatcmpl-"),
        COMPLETION("text_completion", "cmpl-");

        final String object;
        final String idPrefix;

        Kind(String object, String idPrefix) {
            this.object = object;
            this.idPrefix = idPrefix;
        }
    }

    int choices() {
        return prompts.size() * n;
    }

    int promptTokens() {
        return prompts.stream().mapToInt(prompt -> prompt.length).sum();
    }

    int[] promptOf(int choice) {
        return prompts.get(choice / n);
    }

    /** The same request with {@code newSeed} as its seed. */
    GenerationRequest withSeed(long newSeed) {
        return new GenerationRequest(kind, prompts, n, temperature, topP, topK, maxTokens, stop, newSeed, logprobs, topLogprobs, echo,
                promptLogprobs, stream, includeUsage, ignoreEos);
    }

    /**
     * The request as the guard degrades it: one answer, no logprobs of any kind (so no prompt scoring either), at least
     * one generated token. What copying a model needs most is gone; what a user needs, an answer, is still there.
     */
    GenerationRequest degraded() {
        return new GenerationRequest(kind, prompts, 1, temperature, topP, topK, Math.max(1, maxTokens), stop, seed, false, 0, echo, -1, stream,
                includeUsage, ignoreEos);
    }

    /** One batch row per choice; {@code drawnSeed} stands in for the request's seed when it gave none. */
    List<RowSpec> rows(long drawnSeed) {
        long base = seed != null ? seed : drawnSeed;
        List<RowSpec> rows = new ArrayList<>(choices());
        for (int choice = 0; choice < choices(); choice++) {
            int j = choice % n;
            Sampling sampling = maxTokens == 0 ? null
                    : new Sampling(temperature, topP, topK, maxTokens, stop, base + j, logprobs, topLogprobs);
            rows.add(new RowSpec(promptOf(choice), sampling, promptLogprobs, ignoreEos));
        }
        return rows;
    }
}
