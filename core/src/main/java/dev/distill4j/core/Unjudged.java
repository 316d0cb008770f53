package dev.distill4j.core;

/**
 * A sample an LLM judge could not judge, and why. It has no verdict, so a judge stage run again tries it again (a
 * failed request was not paid for; answers that were are replayed from {@link JudgeReply}s, not asked again).
 *
 * @param key       content key of the verdict key, the kind and the attempts: one row per distinct outcome
 * @param sampleKey the sample
 * @param taskId    its task
 * @param verifier  the rubric as a verifier spec, rendered
 * @param kind      {@code unparsable} (no JSON object), {@code invalid} (JSON that breaks the rubric), {@code refusal},
 *                  {@code budget}, or the client's failure ({@code timeout}, {@code server_error}, {@code rate_limited},
 *                  {@code connection}, {@code malformed_response}, {@code bad_request}, {@code auth}, {@code not_found}),
 *                  or {@code client_error} for an exception the client did not classify
 * @param reason    a short account of the last attempt, never a credential
 * @param attempts  requests the judge answered about the sample (0 when none got through)
 */
public record Unjudged(String key, String sampleKey, String taskId, String verifier, String kind, String reason, int attempts) {
    public Unjudged {
        Records.requireText(key, "key");
        Records.requireText(sampleKey, "sample_key");
        Records.requireText(taskId, "task_id");
        Records.requireText(verifier, "verifier");
        Records.requireText(kind, "kind");
        reason = reason == null ? "" : reason;
        Records.requireNonNegative(attempts, "attempts");
    }

    public static Unjudged of(String verdictKey, String sampleKey, String taskId, String verifier, String kind, String reason, int attempts) {
        return new Unjudged(ContentKey.of("distill4j-unjudged-v1", verdictKey, kind, Integer.toString(attempts)), sampleKey, taskId, verifier,
                kind, reason, attempts);
    }
}
