package dev.distill4j.core;

/**
 * A verifier's judgement of one sample, as stored.
 *
 * @param key       content key: hash of the sample key and the verifier spec
 * @param sampleKey the sample judged
 * @param taskId    the task it answers
 * @param verifier  the verifier spec, rendered as text (e.g. {@code integer}, {@code number{rel_tol=1e-6}})
 */
public record Verdict(
        String key, String sampleKey, String taskId, String verifier, boolean pass, double score, String reason, String extracted) {
    public Verdict {
        Records.requireText(key, "key");
        Records.requireText(sampleKey, "sample_key");
        Records.requireText(taskId, "task_id");
        Records.requireText(verifier, "verifier");
        Records.requireUnit(score, "score");
        reason = reason == null ? "" : reason;
    }

    public static Verdict of(String sampleKey, String taskId, VerifierSpec spec, Judgement judgement) {
        return new Verdict(keyOf(sampleKey, spec), sampleKey, taskId, rendered(spec),
                judgement.pass(), judgement.score(), judgement.reason(), judgement.extracted());
    }

    /** The key of the verdict on a sample under a verifier: known before judging, so a stage can skip what is stored. */
    public static String keyOf(String sampleKey, VerifierSpec spec) {
        return ContentKey.of("verdict", sampleKey, rendered(spec));
    }

    /** A spec as the {@code verifier} column shows it: {@code integer}, {@code number{rel_tol=1e-6}}. */
    public static String rendered(VerifierSpec spec) {
        return spec.options().isEmpty() ? spec.type() : spec.type() + spec.options();
    }
}
