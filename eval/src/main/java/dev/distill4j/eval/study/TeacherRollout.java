package dev.distill4j.eval.study;

/**
 * One teacher answer to a training task, as the pipeline stored it.
 *
 * @param sampleIndex the order it was drawn in for its task (0 first)
 * @param kept        whether it passed the verifier and curation: a verified example
 */
public record TeacherRollout(String taskId, int sampleIndex, String text, boolean kept) {}
