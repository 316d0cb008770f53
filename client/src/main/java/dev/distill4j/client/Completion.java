package dev.distill4j.client;

import java.util.List;

/**
 * One choice of a chat completion.
 *
 * @param index        its position among the call's choices, 0-based
 * @param text         the assistant message's content ("" when the server sent none)
 * @param finishReason {@code stop}, {@code length}, ... as the server said it
 * @param logprobs     per-token logprobs when asked for, else empty
 */
public record Completion(int index, String text, String finishReason, List<TokenLogprob> logprobs) {
    public Completion {
        if (index < 0) {
            throw new IllegalArgumentException("field 'index': expected a number >= 0, got " + index);
        }
        text = text == null ? "" : text;
        if (finishReason == null || finishReason.isBlank()) {
            throw new IllegalArgumentException("field 'finish_reason': expected a reason such as 'stop', got " + finishReason);
        }
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    Completion withIndex(int newIndex) {
        return new Completion(newIndex, text, finishReason, logprobs);
    }
}
