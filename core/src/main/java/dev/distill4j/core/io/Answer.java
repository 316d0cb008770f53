package dev.distill4j.core.io;

/**
 * A model's answer to a task, as read from an answers file.
 *
 * @param taskId      the task answered
 * @param sampleIndex which answer of that task (0-based), for pass@k
 * @param text        the model's completion
 * @param model       the model that wrote it, or null
 * @param line        the line of the answers file, for messages
 */
public record Answer(String taskId, int sampleIndex, String text, String model, long line) {}
