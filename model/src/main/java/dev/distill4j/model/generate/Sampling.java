package dev.distill4j.model.generate;

import java.util.List;

/**
 * How to sample a completion, with OpenAI's meanings: temperature 0 is greedy; top-p keeps the smallest set
 * of tokens whose probability reaches p; top-k (0 = off) keeps the k most likely; generation stops at the
 * end-of-sequence token, at a stop string (not included in the text), or after {@code maxTokens}.
 *
 * @param topLogprobs how many alternatives to report per generated token (0..20); logprobs are of the model's
 *                    own distribution (before temperature and filtering), as OpenAI and vLLM report them
 */
public record Sampling(double temperature, double topP, int topK, int maxTokens, List<String> stop, long seed, boolean logprobs, int topLogprobs) {
    public Sampling {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("field 'temperature': expected a number in [0, 2], got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("field 'top_p': expected a number in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("field 'top_k': expected a number >= 0 (0: no limit), got " + topK);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("field 'max_tokens': expected a number >= 1, got " + maxTokens);
        }
        if (topLogprobs < 0 || topLogprobs > 20) {
            throw new IllegalArgumentException("field 'top_logprobs': expected a number in [0, 20], got " + topLogprobs);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("field 'stop': stop strings must not be empty");
            }
        }
    }

    /** Greedy decoding of up to {@code maxTokens}. */
    public static Sampling greedy(int maxTokens) {
        return new Sampling(0, 1, 0, maxTokens, List.of(), 0, false, 0);
    }

    public Sampling withSeed(long newSeed) {
        return new Sampling(temperature, topP, topK, maxTokens, stop, newSeed, logprobs, topLogprobs);
    }
}
