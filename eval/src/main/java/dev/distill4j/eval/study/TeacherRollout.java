package dev.distill4j.eval.study;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One teacher answer to a training task, as the pipeline stored it.
 *
 * @param sampleIndex the order it was drawn in for its task (0 first)
 * @param kept        whether it passed the verifier and curation: a verified example
 * @param logprobs    the teacher's token logprobs with their top alternatives, or null where none were asked for
 */
public record TeacherRollout(String taskId, int sampleIndex, String text, boolean kept, JsonNode logprobs) {
    public TeacherRollout(String taskId, int sampleIndex, String text, boolean kept) {
        this(taskId, sampleIndex, text, kept, null);
    }
}
