package dev.distill4j.client;

/** One alternative the teacher considered at a position, with its log-probability. */
public record TopLogprob(String token, double logprob) {
    public TopLogprob {
        if (token == null) {
            throw new IllegalArgumentException("field 'token': expected a string, got null");
        }
        if (Double.isNaN(logprob) || logprob > 0) {
            throw new IllegalArgumentException("field 'logprob': expected a number <= 0, got " + logprob);
        }
    }
}
