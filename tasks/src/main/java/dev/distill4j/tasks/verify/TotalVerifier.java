package dev.distill4j.tasks.verify;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifier;

/**
 * The shared part of every built-in verifier: the {@link Verifier} contract says verify() never throws, so
 * this template turns a null completion into an empty one and any unexpected failure (a parser bug, a
 * regex stack overflow on a 10 MB input) into a failed judgement that says what went wrong.
 */
abstract class TotalVerifier implements Verifier {

    @Override
    public final Judgement verify(Task task, String completion) {
        if (task == null) {
            return Judgement.fail("no task to judge against", null);
        }
        try {
            return judge(task.reference(), completion == null ? "" : completion);
        } catch (RuntimeException | StackOverflowError e) {
            String message = e.getMessage() == null ? "" : ": " + AnswerText.clip(e.getMessage(), 120);
            return Judgement.fail("could not judge the answer (" + e.getClass().getSimpleName() + message + ")", null);
        }
    }

    /** Judges one completion against the task's reference; may throw, the template catches. */
    abstract Judgement judge(String reference, String completion);
}
