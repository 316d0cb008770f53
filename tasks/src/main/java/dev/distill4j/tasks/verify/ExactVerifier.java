package dev.distill4j.tasks.verify;

import dev.distill4j.core.Judgement;
import java.util.Optional;

/**
 * The answer equals the reference as normalised text (NFKC, whitespace collapsed, trimmed, optionally
 * case-folded). Markdown and TeX wrappers ({@code **Paris**}, {@code $x$}) and one sentence-ending period
 * are forgiven on the answer side only.
 */
final class ExactVerifier extends TotalVerifier {
    private final AnswerSource source;
    private final boolean ignoreCase;

    ExactVerifier(AnswerSource source, boolean ignoreCase) {
        this.source = source;
        this.ignoreCase = ignoreCase;
    }

    @Override
    Judgement judge(String reference, String completion) {
        String answer;
        switch (source) {
            case WHOLE -> answer = completion;
            case LAST_NUMBER -> {
                NumberToken last = NumberScanner.last(completion);
                if (last == null) {
                    return Judgement.fail("no number in the completion", null);
                }
                answer = completion.substring(last.start(), last.end());
            }
            default -> {
                Optional<FinalAnswer> marker = FinalAnswer.find(completion);
                if (marker.isPresent() && !marker.get().closed()) {
                    return Judgement.fail("unclosed \\boxed{ (truncated completion?)", null);
                }
                answer = marker.map(FinalAnswer::text).orElseGet(() -> AnswerText.lastNonBlankLine(completion));
            }
        }
        String want = AnswerText.normalize(reference, ignoreCase);
        String plain = AnswerText.normalize(answer, ignoreCase);
        String stripped = AnswerText.normalize(AnswerText.stripDecorations(answer), ignoreCase);
        if (plain.equals(want) || stripped.equals(want) || AnswerText.withoutFinalPeriod(stripped).equals(want)) {
            return Judgement.pass(AnswerText.clip(stripped));
        }
        if (stripped.isEmpty()) {
            return Judgement.fail("no answer found", null);
        }
        return Judgement.fail("expected '" + AnswerText.clip(want, 60) + "', got '" + AnswerText.clip(stripped, 60) + "'",
                AnswerText.clip(stripped));
    }
}
