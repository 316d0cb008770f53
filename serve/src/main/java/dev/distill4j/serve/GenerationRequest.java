package dev.distill4j.serve;

import dev.distill4j.model.generate.RowSpec;
import dev.distill4j.model.generate.Sampling;
import dev.distill4j.serve.guard.Degradation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
     * The request as the guard degrades it, with the request-side part of each degradation: {@code ONE_SAMPLE} asks for
     * one answer; {@code NO_LOGPROBS} for no logprobs of any kind (so no prompt scoring, and at least one generated
     * token); {@code FINAL_ANSWER_ONLY} for no logprobs of generated tokens, which would spell out the withheld working.
     * The answer-side parts are {@link AnswerDegradation}'s.
     */
    GenerationRequest degraded(Set<Degradation> degradations) {
        boolean noLogprobs = degradations.contains(Degradation.NO_LOGPROBS);
        boolean noGeneratedLogprobs = noLogprobs || degradations.contains(Degradation.FINAL_ANSWER_ONLY);
        return new GenerationRequest(kind, prompts, degradations.contains(Degradation.ONE_SAMPLE) ? 1 : n, temperature, topP, topK,
                noLogprobs ? Math.max(1, maxTokens) : maxTokens, stop, seed, !noGeneratedLogprobs && logprobs, noGeneratedLogprobs ? 0 : topLogprobs,
                echo, noLogprobs ? -1 : promptLogprobs, stream, includeUsage, ignoreEos);
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
