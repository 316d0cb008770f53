package dev.distill4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One step in the life of a provider batch the generate stage submitted (OpenAI's Batch API). Rows are never changed,
 * only added, so a batch's state is the set of its steps: {@code uploaded} (the input file is at the provider and its
 * requests are spoken for), {@code created} (the provider runs it: poll it, never submit those requests again),
 * {@code settled} (its answers are stored; requests it did not answer may be asked for again).
 *
 * @param key        content key of the submission and the step
 * @param submission content key of the batch's input (its requests' keys): the same for every step of one batch
 * @param step       {@code uploaded}, {@code created} or {@code settled}
 * @param endpoint   the endpoint's configured name (never its key)
 * @param fileId     the provider's id of the input file
 * @param batchId    the provider's batch id; null on {@code uploaded}, and on {@code settled} for a batch that was
 *                   never created
 * @param requests   on {@code uploaded}: the requests by custom_id ({@code {"task_id", "first_index", "sample_keys",
 *                   "body"}}), so that answers are stored under the keys they were asked for even if the run's plan
 *                   changes; null on the other steps
 * @param detail     on {@code uploaded}: {@code {"uploaded_at"}} (epoch seconds), how far back to look for a batch
 *                   whose creation was not recorded; on {@code settled}: the batch's final status, request counts and
 *                   file ids, for people reading the store; null on {@code created}
 */
public record TeacherBatch(
        String key,
        String submission,
        String step,
        String endpoint,
        String fileId,
        String batchId,
        JsonNode requests,
        JsonNode detail) {
    public static final String UPLOADED = "uploaded";
    public static final String CREATED = "created";
    public static final String SETTLED = "settled";
    private static final Set<String> STEPS = Set.of(UPLOADED, CREATED, SETTLED);

    public TeacherBatch {
        Records.requireText(key, "key");
        Records.requireText(submission, "submission");
        Records.requireText(endpoint, "endpoint");
        Records.requireText(fileId, "file_id");
        if (!STEPS.contains(step)) {
            throw new IllegalArgumentException("field 'step': expected uploaded, created or settled, got " + step);
        }
        if (step.equals(CREATED)) {
            Records.requireText(batchId, "batch_id");
        }
        if (step.equals(UPLOADED) && (requests == null || !requests.isObject())) {
            throw new IllegalArgumentException("field 'requests': expected the requests by custom_id on the uploaded step, got " + requests);
        }
    }

    /** The step's row: its key is derived from the submission and the step, so writing it twice stores it once. */
    public static TeacherBatch of(String submission, String step, String endpoint, String fileId, String batchId, JsonNode requests,
            JsonNode detail) {
        return new TeacherBatch(ContentKey.of("distill4j-batch-step-v1", submission, step), submission, step, endpoint, fileId, batchId,
                requests, detail);
    }
}
