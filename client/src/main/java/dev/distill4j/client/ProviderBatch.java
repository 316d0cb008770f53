package dev.distill4j.client;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider batch as the teacher client reads it from {@code GET /v1/batches/{id}}.
 *
 * @param status       OpenAI's status: validating, in_progress, finalizing, completed, failed, expired, cancelling,
 *                     cancelled
 * @param outputFileId the answers' file, or null (none yet, or no request answered)
 * @param errorFileId  the failed requests' file, or null
 * @param errors       the input file's problems when the batch failed validation, as "line N: message"
 * @param createdAt    epoch seconds
 */
public record ProviderBatch(
        String id,
        String status,
        String inputFileId,
        String outputFileId,
        String errorFileId,
        long total,
        long completed,
        long failed,
        List<String> errors,
        long createdAt,
        Map<String, String> metadata) {
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "expired", "cancelled");

    public ProviderBatch {
        errors = List.copyOf(errors);
        metadata = Map.copyOf(metadata);
    }

    /** Whether the batch is over: its output and error files, if any, are final. */
    public boolean terminal() {
        return TERMINAL.contains(status);
    }
}
