package dev.distill4j.client.score;

import java.util.List;

/**
 * Puts the teacher's scores on the student's tokens when the two tokenise the same text differently. Both sides are
 * character spans of one text, so a student token {@code [s, e)} has a teacher log-probability exactly when the
 * teacher's token boundaries fall at {@code s} and at {@code e} with its tokens tiling the span between: then the
 * teacher's probability of the student token's characters, in the same context, is the product of its tokens'
 * probabilities, and the logprob their sum (the chain rule).
 *
 * <p>Everything else is {@link Double#NaN}, "unaligned", for the caller to leave out of the loss: a teacher token
 * straddling {@code s} or {@code e}, a gap the teacher did not score, an empty student token. In particular, where
 * several student tokens together make one teacher token, all of them are NaN: the chain rule gives only the teacher's
 * logprob of their concatenation, and how it splits among them is not identifiable from it.
 */
public final class SpanAlignment {
    private SpanAlignment() {}

    /**
     * @param tokenStarts each student token's first character offset in the text
     * @param tokenEnds   one past each student token's last character
     * @param teacher     the teacher's spans of the same text, in text order ({@link EchoScorer}'s answer for it)
     * @return per student token, the teacher's logprob of it, or NaN where unaligned
     */
    public static double[] perToken(int[] tokenStarts, int[] tokenEnds, List<ScoredSpan> teacher) {
        if (tokenStarts == null || tokenEnds == null || tokenStarts.length != tokenEnds.length) {
            throw new IllegalArgumentException("field 'token_ends': expected one end per token start ("
                    + (tokenStarts == null ? "null" : tokenStarts.length) + "), got " + (tokenEnds == null ? "null" : tokenEnds.length));
        }
        if (teacher == null) {
            throw new IllegalArgumentException("field 'teacher': expected the teacher's spans, got null");
        }
        int[] starts = new int[teacher.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = teacher.get(i).start();
            if (i > 0 && starts[i] < teacher.get(i - 1).end()) {
                throw new IllegalArgumentException("field 'teacher': expected spans in text order, without overlap; span " + i
                        + " starts at " + starts[i] + ", before span " + (i - 1) + " ends at " + teacher.get(i - 1).end());
            }
        }
        double[] logprobs = new double[tokenStarts.length];
        for (int k = 0; k < logprobs.length; k++) {
            logprobs[k] = covering(tokenStarts[k], tokenEnds[k], starts, teacher);
        }
        return logprobs;
    }

    /** The summed logprob of the teacher tokens that exactly tile {@code [s, e)}, or NaN. */
    private static double covering(int s, int e, int[] starts, List<ScoredSpan> teacher) {
        if (s >= e) {
            return Double.NaN;
        }
        // A teacher token belongs to the student token holding its first character: zero-width ones at e go to the next.
        int i = firstAtOrAfter(starts, s);
        if (i == starts.length || starts[i] != s) {
            return Double.NaN; // nothing starts at s: a gap, or a teacher token straddling s
        }
        double sum = 0;
        int at = s;
        for (; i < starts.length && starts[i] < e; i++) {
            ScoredSpan span = teacher.get(i);
            if (span.start() != at) {
                return Double.NaN; // a gap inside the student token
            }
            sum += span.logprob();
            at = span.end();
        }
        return at == e ? sum : Double.NaN; // short of e: a gap; past it: the last teacher token straddles e
    }

    private static int firstAtOrAfter(int[] sorted, int value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
