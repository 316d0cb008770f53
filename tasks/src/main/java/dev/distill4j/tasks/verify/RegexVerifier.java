package dev.distill4j.tasks.verify;

import dev.distill4j.core.Judgement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Passes when the pattern is found in the answer (or in the whole completion). The reference is not used:
 * the pattern is the specification. Matching runs over a {@link DeadlineCharSequence}, so a pattern that
 * backtracks catastrophically fails with "regex timed out" instead of hanging the verify stage.
 */
final class RegexVerifier extends TotalVerifier {
    private final Pattern pattern;
    private final boolean wholeCompletion;
    private final long timeoutNanos;

    RegexVerifier(Pattern pattern, boolean wholeCompletion, long timeoutMillis) {
        this.pattern = pattern;
        this.wholeCompletion = wholeCompletion;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
    }

    @Override
    Judgement judge(String reference, String completion) {
        String target = wholeCompletion ? completion : answer(completion);
        String extracted = AnswerText.clip(target);
        try {
            boolean found = pattern.matcher(new DeadlineCharSequence(target, System.nanoTime() + timeoutNanos)).find();
            return found ? Judgement.pass(extracted)
                    : Judgement.fail("pattern /" + AnswerText.clip(pattern.pattern(), 60) + "/ not found in the "
                            + (wholeCompletion ? "completion" : "answer"), extracted);
        } catch (DeadlineCharSequence.Expired e) {
            return Judgement.fail("regex timed out after " + timeoutNanos / 1_000_000 + " ms", extracted);
        }
    }

    private static String answer(String completion) {
        Optional<FinalAnswer> marker = FinalAnswer.find(completion);
        return marker.map(FinalAnswer::text).orElseGet(() -> AnswerText.lastNonBlankLine(completion));
    }
}
