package dev.distill4j.model.generate;

import java.util.List;

/**
 * One sequence in a {@link ContinuousBatch}: what it has generated so far and, once finished, why it stopped. Read
 * it on the thread that owns the batch (between steps), or hand copies of what it returns to other threads.
 */
public final class BatchRow {
    private final Decoding decoding;
    private final List<TokenLogprob> promptLogprobs;
    int slot = -1;

    BatchRow(Decoding decoding, List<TokenLogprob> promptLogprobs) {
        this.decoding = decoding;
        this.promptLogprobs = promptLogprobs == null ? null : List.copyOf(promptLogprobs);
    }

    Decoding decoding() {
        return decoding;
    }

    public int promptLength() {
        return decoding.promptLength;
    }

    /** Tokens generated so far (an end-of-sequence token is not one of them). */
    public int generatedCount() {
        return decoding.generatedCount();
    }

    /** A copy of the tokens generated so far. */
    public int[] tokens() {
        return decoding.tokens();
    }

    /** The logprobs of the first {@code count} generated tokens, when the sampling asked for logprobs. */
    public List<TokenLogprob> logprobs(int count) {
        return decoding.logprobs(count);
    }

    /**
     * The logprob of every prompt token after the first, given the tokens before it, when the row asked for them
     * (null otherwise): {@code promptLength() - 1} entries.
     */
    public List<TokenLogprob> promptLogprobs() {
        return promptLogprobs;
    }

    public boolean finished() {
        return decoding.finished();
    }

    /** {@code stop}, {@code length}, or the reason given when the row was made to leave; null while it runs. */
    public String finishReason() {
        return decoding.finishReason();
    }

    /** The whole completion; meaningful once {@link #finished()}. */
    public Completion completion() {
        return decoding.completion();
    }

    /** Whether it holds a slot of the batch's KV cache (it does from joining until it finishes or leaves). */
    public boolean live() {
        return slot >= 0;
    }
}
