package dev.distill4j.client.generate;

import dev.distill4j.client.FailureKind;
import java.time.Duration;
import java.util.Map;

/**
 * A live view of the stage, sent after every request.
 *
 * @param done              samples stored for the planned tasks so far (those from earlier runs included)
 * @param total             samples the stage plans to have (grows when an adaptive strategy asks for more)
 * @param requestsPerSecond requests answered per second since the stage started
 * @param tokensPerSecond   billed tokens per second since the stage started
 * @param errors            failed requests by kind (retries inside the client are not counted)
 * @param costUsd           dollars spent by this run of the stage
 * @param eta               time left at the current rate, or null while no rate is known
 */
public record GenerationProgress(
        long done, long total, double requestsPerSecond, double tokensPerSecond, Map<FailureKind, Long> errors, double costUsd,
        Duration eta) {
    public GenerationProgress {
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("field 'done': expected counts >= 0, got " + done + " of " + total);
        }
        errors = Map.copyOf(errors);
    }
}
