package dev.distill4j.core.verify;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.Task;

/**
 * Judges a model's completion for a task. Implementations must be total: any completion, however
 * adversarial (huge numbers, deep JSON, odd unicode), returns a judgement promptly and never throws.
 */
public interface Verifier {
    Judgement verify(Task task, String completion);
}
