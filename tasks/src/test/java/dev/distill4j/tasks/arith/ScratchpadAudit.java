package dev.distill4j.tasks.arith;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reader of scratchpads: it re-does every step with BigInteger and int arithmetic and lists
 * what is wrong. It knows only the notation documented on {@link Scratchpad}, none of its code.
 */
final class ScratchpadAudit {
    private static final Pattern PROBLEM = Pattern.compile("(\\d+) ([+*]) (\\d+)");
    private static final Pattern ADD_STEP = Pattern.compile("(\\d)\\+(\\d)(?:\\+(\\d))?=(\\d+) c(\\d)");
    private static final Pattern MUL_STEP = Pattern.compile("(\\d)\\*(\\d)(?:\\+(\\d))?=(\\d+) c(\\d)");
    private static final Pattern PARTIAL_HEADER = Pattern.compile("(\\d+)\\*(\\d):");
    private static final Pattern PARTIAL_RESULT = Pattern.compile("=(\\d+)(?: x(10+)=(\\d+))?");
    private static final Pattern SUM_HEADER = Pattern.compile("(\\d+) \\+ (\\d+)");
    private static final Pattern ANSWER = Pattern.compile("Answer: (\\d+)");

    private final List<String> problems = new ArrayList<>();
    private final String[] lines;
    private int next;

    private ScratchpadAudit(String scratchpad) {
        this.lines = scratchpad.split("\n", -1);
    }

    /** Everything wrong with the scratchpad; empty when every line checks out. */
    static List<String> problemsIn(String scratchpad) {
        ScratchpadAudit audit = new ScratchpadAudit(scratchpad);
        audit.audit();
        return audit.problems;
    }

    private void audit() {
        Matcher problem = expect(PROBLEM);
        if (problem == null) {
            return;
        }
        BigInteger a = new BigInteger(problem.group(1));
        BigInteger b = new BigInteger(problem.group(3));
        BigInteger result = problem.group(2).equals("+") ? columnSum(problem.group(1), problem.group(3)) : product(problem.group(1), problem.group(3));
        BigInteger expected = problem.group(2).equals("+") ? a.add(b) : a.multiply(b);
        Matcher answer = expect(ANSWER);
        if (answer != null && !new BigInteger(answer.group(1)).equals(expected)) {
            problems.add("answer " + answer.group(1) + " is not " + expected);
        }
        if (result != null && !result.equals(expected)) {
            problems.add("the steps make " + result + ", not " + expected);
        }
        if (next != lines.length) {
            problems.add("lines after the answer: " + (lines.length - next));
        }
    }

    /** Partial products for each digit of b from the right, each summed into a running total. */
    private BigInteger product(String a, String b) {
        BigInteger total = null;
        for (int place = 0; place < b.length(); place++) {
            Matcher header = expect(PARTIAL_HEADER);
            if (header == null) {
                return null;
            }
            int digit = b.charAt(b.length() - 1 - place) - '0';
            if (!header.group(1).equals(a) || Integer.parseInt(header.group(2)) != digit) {
                problems.add("partial header '" + header.group() + "' should be " + a + "*" + digit + ":");
            }
            String digits = steps(MUL_STEP, a, Integer.toString(digit), true);
            Matcher result = expect(PARTIAL_RESULT);
            if (result == null || digits == null) {
                return null;
            }
            BigInteger partial = new BigInteger(a).multiply(BigInteger.valueOf(digit));
            check(new BigInteger(result.group(1)), partial, "partial product " + a + "*" + digit);
            check(new BigInteger(result.group(1)), new BigInteger(digits), "partial product from its steps");
            BigInteger shifted = partial.multiply(BigInteger.TEN.pow(place));
            if (place == 0 && result.group(2) != null || place > 0 && (result.group(2) == null
                    || !result.group(2).equals("1" + "0".repeat(place)))) {
                problems.add("line '" + result.group() + "' should shift by 10^" + place);
                return null;
            }
            if (place > 0) {
                check(new BigInteger(result.group(3)), shifted, "shifted partial product");
            }
            if (total == null) {
                total = shifted;
                continue;
            }
            Matcher sum = expect(SUM_HEADER);
            if (sum == null) {
                return null;
            }
            check(new BigInteger(sum.group(1)), total, "running total");
            check(new BigInteger(sum.group(2)), shifted, "added partial product");
            BigInteger columns = columnSum(sum.group(1), sum.group(2));
            Matcher closed = expect(Pattern.compile("=(\\d+)"));
            if (columns == null || closed == null) {
                return null;
            }
            total = total.add(shifted);
            check(new BigInteger(closed.group(1)), total, "sum " + sum.group());
            check(columns, total, "sum from its columns");
        }
        return total;
    }

    private BigInteger columnSum(String x, String y) {
        String digits = steps(ADD_STEP, x, y, false);
        return digits == null ? null : new BigInteger(digits);
    }

    /**
     * Reads one step per column (or per digit of x in a product), checks each, and the carry chain between
     * them, and returns the number the written digits and the final carry make.
     */
    private String steps(Pattern step, String x, String y, boolean product) {
        int count = product ? x.length() : Math.max(x.length(), y.length());
        StringBuilder reversed = new StringBuilder();
        int carry = 0;
        for (int i = 0; i < count; i++) {
            Matcher m = expect(step);
            if (m == null) {
                return null;
            }
            int left = Integer.parseInt(m.group(1));
            int right = Integer.parseInt(m.group(2));
            int expectedLeft = digitFromRight(x, i);
            int expectedRight = product ? Integer.parseInt(y) : digitFromRight(y, i);
            if (left != expectedLeft || right != expectedRight) {
                problems.add("step '" + m.group() + "' uses digits " + left + "," + right + " instead of "
                        + expectedLeft + "," + expectedRight);
            }
            if ((i == 0) != (m.group(3) == null)) {
                problems.add("step '" + m.group() + "': only the first step of a block has no carry in");
            }
            int carryIn = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (carryIn != carry) {
                problems.add("step '" + m.group() + "' takes carry " + carryIn + " but the step before gave " + carry);
            }
            int value = product ? left * right + carryIn : left + right + carryIn;
            int written = Integer.parseInt(m.group(4));
            int carryOut = Integer.parseInt(m.group(5));
            if (written != value || carryOut != value / 10) {
                problems.add("step '" + m.group() + "' is false: it makes " + value + " c" + value / 10);
            }
            reversed.append(value % 10);
            carry = value / 10;
        }
        if (carry > 0) {
            reversed.append(carry);
        }
        return reversed.reverse().toString();
    }

    private Matcher expect(Pattern pattern) {
        if (next >= lines.length) {
            problems.add("ran out of lines, expected " + pattern);
            return null;
        }
        Matcher m = pattern.matcher(lines[next]);
        if (!m.matches()) {
            problems.add("line " + (next + 1) + " '" + lines[next] + "' does not match " + pattern);
            return null;
        }
        next++;
        return m;
    }

    private void check(BigInteger actual, BigInteger expected, String what) {
        if (!actual.equals(expected)) {
            problems.add(what + ": wrote " + actual + ", expected " + expected);
        }
    }

    private static int digitFromRight(String number, int place) {
        return place < number.length() ? number.charAt(number.length() - 1 - place) - '0' : 0;
    }
}
