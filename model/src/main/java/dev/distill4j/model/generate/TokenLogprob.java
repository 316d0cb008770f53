package dev.distill4j.model.generate;

import java.util.List;

/**
 * The log-probability of one token under the model, with the most likely alternatives at that position.
 *
 * @param token   the token id
 * @param logprob its natural-log probability
 * @param top     the {@code top_logprobs} most likely tokens at this position, most likely first (may be empty)
 */
public record TokenLogprob(int token, double logprob, List<Alternative> top) {
    public record Alternative(int token, double logprob) {}

    public TokenLogprob {
        top = List.copyOf(top);
    }
}
