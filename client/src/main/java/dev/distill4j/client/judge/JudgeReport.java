package dev.distill4j.client.judge;

import dev.distill4j.core.verify.Agreement;
import java.util.Map;

/**
 * What a judge stage came to.
 *
 * @param rubric          the rubric's name
 * @param verifier        the rubric as its verdicts name it
 * @param samples         samples in the run
 * @param judged          samples with a judge verdict (stored before or made now)
 * @param judgedNow       verdicts this run made
 * @param passed          judged samples at or above the pass threshold
 * @param unjudged        samples left without a verdict, by kind ({@code unparsable}, {@code timeout}, ...)
 * @param requestsSent    judge requests sent by this run
 * @param repliesReplayed judge answers found stored and used instead of asked again
 * @param costUsd         what this run's judge requests cost
 * @param savedUsd        what the replayed answers had cost when first asked
 * @param agreement       judge against the task's programmatic verifier, over the samples both judged (first: judge)
 */
public record JudgeReport(String rubric, String verifier, long samples, long judged, long judgedNow, long passed, Map<String, Long> unjudged,
        long requestsSent, long repliesReplayed, double costUsd, double savedUsd, Agreement agreement) {
    public JudgeReport {
        unjudged = Map.copyOf(unjudged);
    }

    /** Share of the judged samples that passed; NaN when none was judged. */
    public double passRate() {
        return judged == 0 ? Double.NaN : passed / (double) judged;
    }

    public long unjudgedTotal() {
        return unjudged.values().stream().mapToLong(Long::longValue).sum();
    }
}
