package dev.distill4j.curate.export;

import dev.distill4j.core.ChatMessage;
import java.util.List;

/**
 * One training example as exported, with where it came from.
 *
 * @param messages     the conversation: prompt messages, then the assistant message to learn
 * @param taskId       the task it teaches
 * @param source       {@code teacher-verified}, {@code expert}, {@code gold}, ...
 * @param sampleKey    the content key of the teacher sample, or null for expert and gold examples
 * @param teacherModel the model that wrote the answer, or null
 * @param verifier     the verifier that scored it (as the verdicts table writes it), or null
 * @param score        that verifier's score, or null
 * @param run          the run that curated it
 */
public record ExportRow(List<ChatMessage> messages, String taskId, String source, String sampleKey, String teacherModel, String verifier,
        Double score, String run) {
    public ExportRow {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("field 'messages': expected at least one chat message");
        }
        messages = List.copyOf(messages);
        requireText(taskId, "task_id");
        requireText(source, "source");
        requireText(run, "run");
    }

    /** Only the conversation: what a chat JSONL file holds. */
    public static ExportRow messagesOnly(List<ChatMessage> messages) {
        return new ExportRow(messages, "-", "-", null, null, null, null, "-");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "': expected text, got " + (value == null ? "null" : "an empty string"));
        }
    }
}
