package dev.distill4j.curate;

import java.util.Objects;

/**
 * One sample offered to curation.
 *
 * @param taskId     the task it answers: best-of-N and the per-task cap count per task
 * @param score      the verifier's score, in [0, 1]
 * @param prompt     the prompt as text: decontamination reads it with the completion
 * @param completion the text to learn: length filters and de-duplication read it
 * @param payload    what the caller wants back for each kept candidate (an example, a row key)
 * @param <T>        the payload's type
 */
public record Candidate<T>(String taskId, double score, String prompt, String completion, T payload) {
    public Candidate {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("field 'task_id': expected a task id, got " + (taskId == null ? "null" : "an empty string"));
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("field 'score': expected a number in [0, 1], got " + score);
        }
        prompt = prompt == null ? "" : prompt;
        Objects.requireNonNull(completion, "field 'completion': expected the completion text, got null");
    }

    /** Length in characters (Unicode code points, so an emoji counts once). */
    public int completionChars() {
        return completion.codePointCount(0, completion.length());
    }
}
