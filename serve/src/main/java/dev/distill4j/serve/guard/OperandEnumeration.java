package dev.distill4j.serve.guard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How systematically a stream of prompts with one {@link TemplateSkeleton} walks its task space, read from the
 * numbers the skeleton masked. An attacker building a training set walks the space: {@code a + b} for {@code a} in
 * 10..99 and {@code b} in 10..99, in order, each prompt one small step from the last and none repeated. Benign use of
 * a template has few numbers, scattered, and often the same ones again.
 *
 * <p>The score, in [0, 1], is {@code steps * coverage}:
 * <ul>
 *   <li>{@code steps}: the fraction of successive prompts whose operand vectors have the same length and differ in
 *       exactly one position, by at most {@link #SMALL_STEP} (in either direction); a grid walked in row order scores
 *       (cols - 1) / cols here, since only the wrap to the next row changes two operands;</li>
 *   <li>{@code coverage}: distinct operand vectors / prompts, so asking the same question again, or going back and
 *       forth between two, lowers the score however small the steps.</li>
 * </ul>
 * Fewer than two prompts, or prompts without numbers, score 0: there is no step to see.
 *
 * <p>Limits: the score sees order, not only the set of operands, so a walk sent in shuffled order, or operands drawn
 * at random from the task space, score like benign use; that is the distribution test's job, and volume's. It
 * describes the shape of a stream, not how much evidence there is: two prompts one step apart score 1, so callers
 * weigh it with the stream's length.
 */
public final class OperandEnumeration {
    /** The largest change of one operand that still counts as a step of a walk (strides of 1, 2, 5, 10). */
    public static final long SMALL_STEP = 10;

    private OperandEnumeration() {
    }

    /** The enumeration score of {@code operands}, one vector per prompt, in arrival order. */
    public static double score(List<long[]> operands) {
        if (operands == null) {
            throw new IllegalArgumentException("operands must not be null");
        }
        for (int i = 0; i < operands.size(); i++) {
            if (operands.get(i) == null) {
                throw new IllegalArgumentException("operands[" + i + "] must not be null");
            }
        }
        if (operands.size() < 2) {
            return 0.0;
        }
        int steps = 0;
        for (int i = 1; i < operands.size(); i++) {
            if (isSmallStep(operands.get(i - 1), operands.get(i))) {
                steps++;
            }
        }
        Set<List<Long>> distinct = new HashSet<>();
        for (long[] vector : operands) {
            List<Long> boxed = new ArrayList<>(vector.length);
            for (long value : vector) {
                boxed.add(value);
            }
            distinct.add(boxed);
        }
        double stepFraction = (double) steps / (operands.size() - 1);
        double coverage = (double) distinct.size() / operands.size();
        return stepFraction * coverage;
    }

    /**
     * The numbers {@link TemplateSkeleton#of(String)} masks, in order. A decimal is read as its digits without the
     * point ({@code 3.25} is 325), so a walk in steps of 0.01 is a walk in steps of 1; prompts of one template
     * usually share the number of decimals. Comma separators are dropped ({@code 1,204} is 1204). A value outside
     * the range of {@code long} is clamped to {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}.
     */
    public static List<Long> numbers(String text) {
        List<Long> numbers = new ArrayList<>();
        for (String literal : TemplateSkeleton.numberLiterals(text)) {
            numbers.add(unscaled(literal));
        }
        return List.copyOf(numbers);
    }

    private static boolean isSmallStep(long[] previous, long[] current) {
        if (previous.length != current.length) {
            return false;
        }
        int changed = -1;
        for (int j = 0; j < current.length; j++) {
            if (current[j] != previous[j]) {
                if (changed >= 0) {
                    return false;
                }
                changed = j;
            }
        }
        return changed >= 0 && distance(previous[changed], current[changed]) <= SMALL_STEP;
    }

    /** |a - b| clamped to Long.MAX_VALUE: it lies in [0, 2^64), so the wrapped difference is exact below 2^63. */
    private static long distance(long a, long b) {
        long unsigned = Math.max(a, b) - Math.min(a, b);
        return unsigned < 0 ? Long.MAX_VALUE : unsigned;
    }

    private static long unscaled(String literal) {
        BigDecimal value = new BigDecimal(literal.replace(",", ""));
        BigInteger digits = value.unscaledValue();
        if (digits.bitLength() >= Long.SIZE) {
            return digits.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return digits.longValueExact();
    }
}
