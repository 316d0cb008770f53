package dev.distill4j.core;

/**
 * What a verifier concluded about one answer.
 *
 * @param pass      whether the answer is accepted
 * @param score     in [0, 1]; 1 for a full pass, partial credit where the verifier gives it
 * @param reason    a short human-readable reason ("expected 42, got 41", "no final answer line")
 * @param extracted the answer the verifier extracted from the completion, or null if none
 */
public record Judgement(boolean pass, double score, String reason, String extracted) {
    public Judgement {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("field 'score': expected a number in [0, 1], got " + score);
        }
        reason = reason == null ? "" : reason;
    }

    public static Judgement pass(String extracted) {
        return new Judgement(true, 1.0, "match", extracted);
    }

    public static Judgement fail(String reason, String extracted) {
        return new Judgement(false, 0.0, reason, extracted);
    }
}
