package dev.distill4j.serve;

import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.TokenLogprob;
import dev.distill4j.serve.guard.Degradation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The answer-side part of the guard's degradations, applied where answers are written (whole and streamed):
 * {@link Degradation#ROUNDED_LOGPROBS} rounds every logprob value, {@link Degradation#FINAL_ANSWER_ONLY} replaces the
 * text by its final answer (the request side has already dropped its logprobs). {@link #NONE} leaves answers as they
 * are, at the cost of one branch.
 *
 * @param roundLogprobs   whether logprob values are rounded to {@link Degradation#LOGPROB_STEP}
 * @param finalAnswerOnly whether the text is withheld but for its final answer
 */
record AnswerDegradation(boolean roundLogprobs, boolean finalAnswerOnly) {
    static final AnswerDegradation NONE = new AnswerDegradation(false, false);

    static AnswerDegradation of(Set<Degradation> degradations) {
        return new AnswerDegradation(degradations.contains(Degradation.ROUNDED_LOGPROBS), degradations.contains(Degradation.FINAL_ANSWER_ONLY));
    }

    String text(String text) {
        return finalAnswerOnly ? Degradation.finalAnswer(text) : text;
    }

    /** The logprobs as they may be shown; null and null entries (unscored positions) pass through. */
    List<TokenLogprob> logprobs(List<TokenLogprob> logprobs) {
        if (!roundLogprobs || logprobs == null) {
            return logprobs;
        }
        List<TokenLogprob> rounded = new ArrayList<>(logprobs.size());
        for (TokenLogprob logprob : logprobs) {
            rounded.add(logprob == null ? null : round(logprob));
        }
        return rounded;
    }

    Completion completion(Completion completion) {
        if (!roundLogprobs && !finalAnswerOnly) {
            return completion;
        }
        return new Completion(completion.tokens(), text(completion.text()), completion.finishReason(), logprobs(completion.logprobs()));
    }

    /** Every choice's prompt logprobs (each list may be null), as they may be shown. */
    List<List<TokenLogprob>> promptLogprobs(List<List<TokenLogprob>> perChoice) {
        if (!roundLogprobs) {
            return perChoice;
        }
        List<List<TokenLogprob>> rounded = new ArrayList<>(perChoice.size());
        perChoice.forEach(logprobs -> rounded.add(logprobs(logprobs)));
        return rounded;
    }

    private static TokenLogprob round(TokenLogprob logprob) {
        List<TokenLogprob.Alternative> top = new ArrayList<>(logprob.top().size());
        for (TokenLogprob.Alternative alternative : logprob.top()) {
            top.add(new TokenLogprob.Alternative(alternative.token(), Degradation.roundLogprob(alternative.logprob())));
        }
        return new TokenLogprob(logprob.token(), Degradation.roundLogprob(logprob.logprob()), top);
    }
}
