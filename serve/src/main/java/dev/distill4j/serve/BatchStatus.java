package dev.distill4j.serve;

import java.util.Locale;

/**
 * Where a batch is in its life, as OpenAI names it: validating → in_progress → finalizing → completed, or failed (the
 * input file did not validate), expired (the completion window passed), cancelling → cancelled.
 */
enum BatchStatus {
    VALIDATING,
    FAILED,
    IN_PROGRESS,
    FINALIZING,
    COMPLETED,
    EXPIRED,
    CANCELLING,
    CANCELLED;

    /** The name on the wire: {@code in_progress}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BatchStatus parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** No more work and no more change: its output and error files are written. */
    boolean terminal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    /** Whether a cancel request can still change it. */
    boolean cancellable() {
        return this == VALIDATING || this == IN_PROGRESS;
    }
}
