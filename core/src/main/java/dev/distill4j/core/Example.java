package dev.distill4j.core;

import java.util.List;

/**
 * A curated training example: a full conversation (prompt and the answer to learn) and where it came from.
 *
 * @param key       content key: hash of the source and the messages
 * @param taskId    the task it teaches
 * @param source    {@code gold}, {@code expert}, {@code teacher-verified}, {@code teacher-unverified}, …
 * @param messages  prompt messages followed by the assistant message to learn
 * @param sampleKey the teacher sample it came from, or null for expert and gold examples
 * @param score     the verifier score of that sample, or null
 */
public record Example(String key, String taskId, String source, List<ChatMessage> messages, String sampleKey, Double score) {
    public Example {
        Records.requireText(key, "key");
        Records.requireText(taskId, "task_id");
        Records.requireText(source, "source");
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("field 'messages': expected at least one chat message");
        }
        messages = List.copyOf(messages);
    }

    /** An example whose key is derived from its content. */
    public static Example of(String taskId, String source, List<ChatMessage> messages, String sampleKey, Double score) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            text.append(m.role()).append('\u0000').append(m.content()).append('\u0001');
        }
        return new Example(ContentKey.of("example", source, text.toString()), taskId, source, messages, sampleKey, score);
    }
}
