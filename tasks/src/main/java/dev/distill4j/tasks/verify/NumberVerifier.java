package dev.distill4j.tasks.verify;

import dev.distill4j.core.Judgement;
import java.math.BigDecimal;

/**
 * A real-number answer within tolerance of the reference. Accepts decimals, exponents, fractions and,
 * when {@code percent} is set, percentages (50% reads as 0.5). Numbers longer than
 * {@link NumberToken#MAX_NUMERIC_LENGTH} characters pass only when spelled the same as the reference:
 * parsing them could take longer than judging a whole batch.
 */
final class NumberVerifier extends TotalVerifier {
    private final AnswerSource source;
    private final Tolerance tolerance;
    private final boolean percent;

    NumberVerifier(AnswerSource source, Tolerance tolerance, boolean percent) {
        this.source = source;
        this.tolerance = tolerance;
        this.percent = percent;
    }

    @Override
    Judgement judge(String reference, String completion) {
        NumberToken expected = NumberScanner.sole(reference, Character::isWhitespace);
        if (expected == null) {
            return Judgement.fail("reference is not a number: '" + AnswerText.clip(reference, 60) + "'", null);
        }
        NumberAnswer answer = NumberAnswer.find(completion, source, this::sameValue);
        if (answer.failure() != null) {
            return Judgement.fail(answer.failure(), null);
        }
        NumberToken token = answer.token();
        String spelled = token.canonical();
        String got = AnswerText.clip(spelled);
        String want = expected.canonical();
        if (spelled.equals(want)) {
            return Judgement.pass(got);
        }
        if (token.length() > NumberToken.MAX_NUMERIC_LENGTH || expected.length() > NumberToken.MAX_NUMERIC_LENGTH) {
            return Judgement.fail("number too long to compare by value (" + Math.max(token.length(), expected.length())
                    + " chars, limit " + NumberToken.MAX_NUMERIC_LENGTH + ")", got);
        }
        if (token.percent() && !percent || expected.percent() && !percent) {
            return Judgement.fail("percentages are not accepted (set option 'percent' to true): " + got, got);
        }
        BigDecimal actual;
        BigDecimal wanted;
        try {
            actual = value(token);
            wanted = value(expected);
        } catch (ArithmeticException | NumberFormatException e) {
            return Judgement.fail("not a usable number (" + e.getMessage() + "): " + got, got);
        }
        if (tolerance.accepts(wanted, actual)) {
            return Judgement.pass(got);
        }
        return Judgement.fail("expected " + AnswerText.clip(want, 60) + ", got " + AnswerText.clip(got, 60), got);
    }

    /** Two numbers on one answer line are the same answer when equal in value ("1/2 = 0.5"). */
    private boolean sameValue(NumberToken a, NumberToken b) {
        if (a.canonical().equals(b.canonical())) {
            return true;
        }
        if (a.length() > NumberToken.MAX_NUMERIC_LENGTH || b.length() > NumberToken.MAX_NUMERIC_LENGTH) {
            return false;
        }
        try {
            return value(a).compareTo(value(b)) == 0;
        } catch (ArithmeticException | NumberFormatException e) {
            return false;
        }
    }

    private BigDecimal value(NumberToken token) {
        BigDecimal value = token.toBigDecimal();
        return token.percent() && percent ? value.movePointLeft(2) : value;
    }
}
