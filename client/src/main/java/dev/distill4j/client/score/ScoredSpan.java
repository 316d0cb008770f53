package dev.distill4j.client.score;

/**
 * One teacher token of a scored text: where it lies in the text and how likely the teacher found it there, given
 * everything before it.
 *
 * @param start   its first character (UTF-16 unit offset into the text)
 * @param end     one past its last character; {@code end >= start}
 * @param logprob the teacher's log-probability of the token in context, {@code <= 0}
 */
public record ScoredSpan(int start, int end, double logprob) {
    public ScoredSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("field 'end': expected 0 <= start <= end, got start " + start + ", end " + end);
        }
        if (Double.isNaN(logprob) || logprob > 0) {
            throw new IllegalArgumentException("field 'logprob': expected a number <= 0, got " + logprob);
        }
    }
}
