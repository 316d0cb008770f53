package dev.distill4j.model.generate;

/**
 * A sequence to start in a {@link ContinuousBatch}.
 *
 * @param prompt         the prompt's token ids (at least one)
 * @param sampling       how to sample its completion, or null to only score the prompt (no token is generated)
 * @param promptLogprobs alternatives to report for each prompt token's logprob (0..20), or -1 for no prompt logprobs
 * @param ignoreEos      keep generating past the end-of-sequence token, until max tokens or a stop string (vLLM's
 *                       {@code ignore_eos}, for benchmarks and tests that need a known length)
 */
public record RowSpec(int[] prompt, Sampling sampling, int promptLogprobs, boolean ignoreEos) {
    public RowSpec {
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("field 'prompt': expected at least one token, got none");
        }
        if (promptLogprobs < -1 || promptLogprobs > 20) {
            throw new IllegalArgumentException("field 'prompt_logprobs': expected a number in [0, 20] or none, got " + promptLogprobs);
        }
        if (sampling == null && promptLogprobs < 0) {
            throw new IllegalArgumentException("a row that generates nothing must ask for prompt logprobs");
        }
    }

    /** A row that generates with {@code sampling} and reports no prompt logprobs. */
    public static RowSpec generate(int[] prompt, Sampling sampling) {
        return new RowSpec(prompt, sampling, -1, false);
    }

    /** Tokens the row may hold in the KV cache at most: its prompt and every token it may generate. */
    public int maxLength() {
        return prompt.length + (sampling == null ? 0 : sampling.maxTokens());
    }
}
