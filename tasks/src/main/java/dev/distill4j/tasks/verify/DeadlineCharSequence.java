package dev.distill4j.tasks.verify;

/**
 * A CharSequence that fails once a deadline passes. java.util.regex cannot be interrupted, but every step
 * of a backtracking match reads a character, so checking the clock in {@link #charAt} bounds how long a
 * catastrophic pattern such as {@code (a+)+$} can run.
 */
final class DeadlineCharSequence implements CharSequence {
    /** Thrown when the deadline has passed; carries no stack trace, it is expected control flow. */
    static final class Expired extends RuntimeException {
        Expired() {
            super("deadline passed", null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadlineNanos;
    private int reads;

    DeadlineCharSequence(CharSequence text, long deadlineNanos) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        // Reading the clock costs about as much as a few hundred charAt calls; sample it.
        if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new Expired();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineCharSequence(text.subSequence(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
