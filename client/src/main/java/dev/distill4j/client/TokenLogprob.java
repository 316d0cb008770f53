package dev.distill4j.client;

import java.util.List;

/**
 * One generated token with its log-probability and the top alternatives: what knowledge distillation
 * from top-k logprobs trains on.
 */
public record TokenLogprob(String token, double logprob, List<TopLogprob> top) {
    public TokenLogprob {
        if (token == null) {
            throw new IllegalArgumentException("field 'token': expected a string, got null");
        }
        if (Double.isNaN(logprob) || logprob > 0) {
            throw new IllegalArgumentException("field 'logprob': expected a number <= 0, got " + logprob);
        }
        top = top == null ? List.of() : List.copyOf(top);
    }
}
