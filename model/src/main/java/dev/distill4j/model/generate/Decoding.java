package dev.distill4j.model.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One sequence's progress while it decodes: its tokens so far, its own seeded random source, and whether and why it
 * finished. Shared by {@link Generator} (rows that start together) and {@link ContinuousBatch} (rows that join and
 * leave), so both stop, sample and report logprobs the same way.
 */
final class Decoding {
    final int promptLength;
    final Sampling sampling;
    private final SplittableRandom random;
    private final Function<int[], String> detokenizer;
    private final Integer eosToken;
    private final List<Integer> generated = new ArrayList<>();
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    private boolean finished;
    private String finishReason;
    private String text = "";

    /** @param eosToken the token that ends the sequence, or null (none, or ignored) */
    Decoding(int promptLength, Sampling sampling, Function<int[], String> detokenizer, Integer eosToken) {
        this.promptLength = promptLength;
        this.sampling = sampling;
        this.random = new SplittableRandom(sampling.seed());
        this.detokenizer = detokenizer;
        this.eosToken = eosToken;
    }

    /** Picks the next token from its logits and finishes at the end token, a stop string or max tokens. */
    void accept(float[] logits) {
        int token = TokenSampler.pick(logits, sampling, random);
        if (eosToken != null && token == eosToken) {
            finish("stop");
            return;
        }
        generated.add(token);
        if (sampling.logprobs()) {
            logprobs.add(TokenSampler.logprob(TokenSampler.logSoftmax(logits), token, sampling.topLogprobs()));
        }
        // Decoding the text so far costs a pass over every token: do it per step only when a stop string needs it.
        if (!sampling.stop().isEmpty()) {
            text = detokenizer.apply(tokens());
            for (String stop : sampling.stop()) {
                int at = text.indexOf(stop);
                if (at >= 0) {
                    text = text.substring(0, at);
                    finish("stop");
                    return;
                }
            }
        }
        if (generated.size() >= sampling.maxTokens()) {
            finish("length");
        }
    }

    /** Ends the sequence early, for a reason of the caller's (a client that went away). */
    void abandon(String reason) {
        if (!finished) {
            finish(reason);
        }
    }

    private void finish(String reason) {
        finished = true;
        finishReason = reason;
        if (sampling.stop().isEmpty()) {
            text = detokenizer.apply(tokens());
        }
    }

    boolean finished() {
        return finished;
    }

    String finishReason() {
        return finishReason;
    }

    int generatedCount() {
        return generated.size();
    }

    /** The token the next step feeds back: the last one generated. */
    int lastToken() {
        return generated.get(generated.size() - 1);
    }

    /** The position of {@link #lastToken()} in the sequence, prompt included. */
    int lastPosition() {
        return promptLength + generated.size() - 1;
    }

    int[] tokens() {
        return generated.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The logprobs of the first {@code count} generated tokens (all of them once finished). */
    List<TokenLogprob> logprobs(int count) {
        return List.copyOf(logprobs.subList(0, Math.min(count, logprobs.size())));
    }

    Completion completion() {
        return new Completion(tokens(), text, finishReason, logprobs);
    }
}
