package dev.distill4j.core;

/**
 * One answer an LLM judge gave, as stored the moment it came back: the commit point of a paid judge request, so that
 * a judge stage run again replays it instead of paying for it twice, whether it parsed or not.
 *
 * @param key              content key of the request: judge model, messages, sampling parameters and attempt
 * @param subject          what was judged: a verdict key (one sample under a rubric) or a pairwise comparison's key
 * @param verifier         the rubric as a verifier spec, rendered ({@code judge{hash=..., rubric=helpfulness}})
 * @param attempt          0 for the first request about the subject, 1 for the retry after an unusable answer, ...
 * @param endpoint         the endpoint's configured name (never its key)
 * @param model            the model that answered
 * @param reply            the judge's text, as it came
 * @param finishReason     {@code stop}, {@code length}, ... as the server said
 * @param promptTokens     prompt tokens billed
 * @param completionTokens completion tokens billed
 * @param costUsd          dollars at the endpoint's configured price
 */
public record JudgeReply(String key, String subject, String verifier, int attempt, String endpoint, String model, String reply,
        String finishReason, long promptTokens, long completionTokens, double costUsd) {
    public JudgeReply {
        Records.requireText(key, "key");
        Records.requireText(subject, "subject");
        Records.requireText(verifier, "verifier");
        Records.requireNonNegative(attempt, "attempt");
        Records.requireText(endpoint, "endpoint");
        reply = reply == null ? "" : reply;
        Records.requireNonNegative(promptTokens, "prompt_tokens");
        Records.requireNonNegative(completionTokens, "completion_tokens");
        if (!(costUsd >= 0.0)) {
            throw new IllegalArgumentException("field 'cost_usd': expected a number >= 0, got " + costUsd);
        }
    }
}
