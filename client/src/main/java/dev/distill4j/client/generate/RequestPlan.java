package dev.distill4j.client.generate;

import dev.distill4j.core.Task;
import java.util.List;

/**
 * One request the stage is about to send: {@code count} samples of a task, indices {@code firstIndex} onwards.
 *
 * @param sampleKeys the keys the samples will be stored under, in index order
 */
record RequestPlan(Task task, int firstIndex, int count, String requestKey, List<String> sampleKeys) {
    RequestPlan {
        if (firstIndex < 0 || count < 1 || sampleKeys.size() != count) {
            throw new IllegalArgumentException("field 'count': expected >= 1 samples with one key each from index >= 0, got "
                    + count + " from " + firstIndex + " with " + sampleKeys.size() + " keys");
        }
        sampleKeys = List.copyOf(sampleKeys);
    }
}
