package dev.distill4j.client.generate;

import dev.distill4j.client.FailureKind;
import java.time.Duration;
import java.util.Map;

/**
 * What one run of the generate stage did and cost.
 *
 * @param tasks            tasks the stage sampled for
 * @param samplesStored    samples stored for those tasks at the end, under the run's sampling parameters
 * @param samplesWritten   samples this run added
 * @param requestsSent     requests answered and stored by this run
 * @param requestsFailed   requests that failed for good (their samples are still missing)
 * @param requestsCached   stored requests this run did not send again, because their samples were stored
 * @param promptTokens     prompt tokens billed to this run
 * @param completionTokens completion tokens billed to this run
 * @param costUsd          dollars billed to this run
 * @param savedUsd         dollars the cached requests cost when they were sent: what running again did not pay
 * @param errors           failed requests by kind
 * @param stoppedByBudget  whether a request was held back because its worst-case cost could pass the budget
 * @param elapsed          wall time of the stage
 * @param batches          provider batches this run submitted, or found in flight and finished (0 with live calls)
 * @param batchProblems    what went wrong with whole batches (failed validation, expired, cancelled), one line each
 */
public record GenerationSummary(
        int tasks,
        long samplesStored,
        long samplesWritten,
        long requestsSent,
        long requestsFailed,
        long requestsCached,
        long promptTokens,
        long completionTokens,
        double costUsd,
        double savedUsd,
        Map<FailureKind, Long> errors,
        boolean stoppedByBudget,
        Duration elapsed,
        long batches,
        java.util.List<String> batchProblems) {
    public GenerationSummary {
        errors = Map.copyOf(errors);
        batchProblems = java.util.List.copyOf(batchProblems);
        if (elapsed == null) {
            throw new IllegalArgumentException("field 'elapsed': expected a duration, got null");
        }
    }
}
