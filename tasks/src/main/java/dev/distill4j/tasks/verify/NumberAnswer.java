package dev.distill4j.tasks.verify;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The one number an answer states, or why there is none. Shared by the integer and number verifiers.
 * An answer line that states two different numbers ("12 or 13") is ambiguous and fails: a verifier that
 * took either would reward hedging.
 *
 * @param token   the number, or null when {@code failure} is set
 * @param failure why no single number was found, or null
 */
record NumberAnswer(NumberToken token, String failure) {

    static NumberAnswer find(String completion, AnswerSource source, BiPredicate<NumberToken, NumberToken> sameValue) {
        return switch (source) {
            case LAST_NUMBER -> lastNumber(completion);
            case WHOLE -> single(completion, sameValue, "the completion");
            case FINAL_LINE -> {
                Optional<FinalAnswer> marker = FinalAnswer.find(completion);
                if (marker.isEmpty()) {
                    yield lastNumber(completion);
                }
                if (!marker.get().closed()) {
                    yield new NumberAnswer(null, "unclosed \\boxed{ (truncated completion?)");
                }
                yield single(marker.get().text(), sameValue, "the answer line");
            }
        };
    }

    private static NumberAnswer lastNumber(String completion) {
        NumberToken last = NumberScanner.last(completion);
        return last == null ? new NumberAnswer(null, "no number in the completion") : new NumberAnswer(last, null);
    }

    private static NumberAnswer single(String text, BiPredicate<NumberToken, NumberToken> sameValue, String where) {
        NumberScanner scanner = new NumberScanner(text);
        NumberToken first = scanner.next();
        if (first == null) {
            return new NumberAnswer(null, "no number in " + where);
        }
        for (NumberToken other = scanner.next(); other != null; other = scanner.next()) {
            if (!sameValue.test(first, other)) {
                return new NumberAnswer(null, "ambiguous answer: " + AnswerText.clip(first.canonical(), 40) + " or "
                        + AnswerText.clip(other.canonical(), 40));
            }
        }
        return new NumberAnswer(first, null);
    }
}
