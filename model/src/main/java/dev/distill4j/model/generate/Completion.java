package dev.distill4j.model.generate;

import java.util.List;

/**
 * One generated completion.
 *
 * @param tokens       the generated token ids (up to, not including, a stop string's tokens cut from the text)
 * @param text         the decoded text, cut before the stop string that ended it
 * @param finishReason {@code stop} (end-of-sequence token or stop string) or {@code length} (max tokens)
 * @param logprobs     per generated token, when asked for; empty otherwise
 */
public record Completion(int[] tokens, String text, String finishReason, List<TokenLogprob> logprobs) {
    public Completion {
        logprobs = List.copyOf(logprobs);
    }
}
