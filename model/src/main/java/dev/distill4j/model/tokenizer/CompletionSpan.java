package dev.distill4j.model.tokenizer;

/**
 * Part of a rendered conversation that the assistant wrote, as character offsets ({@code start} inclusive,
 * {@code end} exclusive), so {@code text.substring(start, end)} is the reply and its closing end-of-turn.
 */
public record CompletionSpan(int start, int end) {
    public CompletionSpan {
        if (start < 0) {
            throw new IllegalArgumentException("field 'start': expected a number >= 0, got " + start);
        }
        if (end < start) {
            throw new IllegalArgumentException("field 'end': expected a number >= start (" + start + "), got " + end);
        }
    }

    public int length() {
        return end - start;
    }
}
