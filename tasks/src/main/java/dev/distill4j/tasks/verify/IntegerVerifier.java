package dev.distill4j.tasks.verify;

import dev.distill4j.core.Judgement;

/**
 * An integer answer equals the reference integer. Compares canonical digit strings, never parsed values:
 * a 10^6-digit answer is judged in linear time, and separators, signs and digit scripts are already
 * normalised by {@link NumberScanner}.
 */
final class IntegerVerifier extends TotalVerifier {
    private final AnswerSource source;

    IntegerVerifier(AnswerSource source) {
        this.source = source;
    }

    @Override
    Judgement judge(String reference, String completion) {
        NumberToken expected = NumberScanner.sole(reference, Character::isWhitespace);
        if (expected == null || !expected.isInteger()) {
            return Judgement.fail("reference is not an integer: '" + AnswerText.clip(reference, 60) + "'", null);
        }
        NumberAnswer answer = NumberAnswer.find(completion, source, (a, b) -> key(a).equals(key(b)));
        if (answer.failure() != null) {
            return Judgement.fail(answer.failure(), null);
        }
        NumberToken token = answer.token();
        if (!token.isInteger()) {
            String got = AnswerText.clip(token.canonical());
            return Judgement.fail("not an integer: " + got, got);
        }
        String got = token.canonicalInteger();
        String want = expected.canonicalInteger();
        if (got.equals(want)) {
            return Judgement.pass(AnswerText.clip(got));
        }
        return Judgement.fail("expected " + AnswerText.clip(want, 60) + ", got " + AnswerText.clip(got, 60), AnswerText.clip(got));
    }

    private static String key(NumberToken token) {
        return token.isInteger() ? token.canonicalInteger() : token.canonical();
    }
}
