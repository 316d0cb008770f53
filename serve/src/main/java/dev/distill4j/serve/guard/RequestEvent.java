package dev.distill4j.serve.guard;

/**
 * What the guard keeps of one request: who sent it, when, how large it was and what it asked for. The prompt itself is
 * not here: the guard sees it only long enough to sketch it.
 *
 * @param keyId            the API key's id (its name, or a digest prefix; never the key)
 * @param atMillis         when it arrived, epoch milliseconds
 * @param promptTokens     tokens read
 * @param completionTokens tokens generated (over all choices)
 * @param n                choices asked for
 * @param logprobs         whether it asked for the logprobs of the generated tokens
 * @param topLogprobs      alternatives asked for per token (0 without)
 * @param promptScoring    whether it asked for its prompt's logprobs (legacy {@code echo} with logprobs, or
 *                         {@code prompt_logprobs}): scoring given text, what on-policy distillation needs
 * @param temperature      the sampling temperature asked for
 */
public record RequestEvent(String keyId, long atMillis, int promptTokens, int completionTokens, int n, boolean logprobs, int topLogprobs,
        boolean promptScoring, double temperature) {
    public RequestEvent {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("field 'key_id': expected the id of the request's API key, got " + keyId);
        }
        if (promptTokens < 0 || completionTokens < 0 || n < 1 || topLogprobs < 0) {
            throw new IllegalArgumentException("a request event needs prompt and completion tokens >= 0, n >= 1 and top_logprobs >= 0, got "
                    + promptTokens + ", " + completionTokens + ", " + n + ", " + topLogprobs);
        }
    }
}
