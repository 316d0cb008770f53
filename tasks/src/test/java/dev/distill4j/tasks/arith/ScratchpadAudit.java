package dev.distill4j.tasks.arith;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reader of scratchpads: it re-does every step and lists what is wrong. It knows only the
 * notation documented on {@link Scratchpad}, none of its code, and keeps the running total as a BigInteger
 * read back from each {@code t:} line.
 */
final class ScratchpadAudit {
    private static final Pattern PROBLEM = Pattern.compile("(\\d+) ([+*]) (\\d+)");
    private static final Pattern OPERAND = Pattern.compile("([xy]):((?: [A-Z]\\d)+)");
    private static final Pattern ADD_STEP = Pattern.compile("([a-z]) (\\d)\\+(\\d)\\+(\\d)=(\\d+)");
    private static final Pattern BLOCK_HEADER = Pattern.compile("([A-Z])(\\d):");
    private static final Pattern MUL_STEP = Pattern.compile("([a-z]) (\\d)\\+([A-Z])(\\d)\\*(\\d)\\+(\\d)=(\\d+)");
    private static final Pattern CARRY_STEP = Pattern.compile("([a-z]) ([1-9])");
    private static final Pattern TOTAL = Pattern.compile("t:((?: [a-z]\\d)+)");
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
        if (problem == null || !operand("x", problem.group(1)) || !operand("y", problem.group(3))) {
            return;
        }
        String x = problem.group(1);
        String y = problem.group(3);
        boolean sum = problem.group(2).equals("+");
        String total = sum ? sum(x, y) : product(x, y);
        if (total == null) {
            return;
        }
        BigInteger expected = sum ? new BigInteger(x).add(new BigInteger(y)) : new BigInteger(x).multiply(new BigInteger(y));
        if (!new BigInteger(total).equals(expected)) {
            problems.add("the last total reads " + total + ", not " + expected);
        }
        Matcher answer = expect(ANSWER);
        if (answer != null && !answer.group(1).equals(expected.toString())) {
            problems.add("answer " + answer.group(1) + " is not " + expected);
        }
        if (next != lines.length) {
            problems.add("lines after the answer: " + (lines.length - next));
        }
    }

    /** Checks an {@code x:} or {@code y:} line: labels A, B, C... with the operand's digits from the units. */
    private boolean operand(String name, String number) {
        Matcher line = expect(OPERAND);
        if (line == null) {
            return false;
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < number.length(); i++) {
            expected.append(' ').append((char) ('A' + i)).append(number.charAt(number.length() - 1 - i));
        }
        if (!line.group(1).equals(name) || !line.group(2).equals(expected.toString())) {
            problems.add("line '" + line.group() + "' should be '" + name + ":" + expected + "'");
        }
        return true;
    }

    /** One step per column, a carry step if one is left, and the total; returns the total as a number. */
    private String sum(String x, String y) {
        int columns = Math.max(x.length(), y.length());
        StringBuilder digits = new StringBuilder();
        int carry = 0;
        for (int k = 0; k < columns; k++) {
            Matcher step = expect(ADD_STEP);
            if (step == null) {
                return null;
            }
            int dx = at(x, k);
            int dy = at(y, k);
            checkLabel(step.group(1), (char) ('a' + k), step.group());
            if (Integer.parseInt(step.group(2)) != dx || Integer.parseInt(step.group(3)) != dy) {
                problems.add("step '" + step.group() + "' should add digits " + dx + " and " + dy);
            }
            int value = checkedStep(step.group(), Integer.parseInt(step.group(4)), carry, dx + dy, step.group(5));
            digits.insert(0, value % 10);
            carry = value / 10;
        }
        if (!carryStep(columns, carry)) {
            return null;
        }
        if (carry > 0) {
            digits.insert(0, carry);
        }
        return totalLine(digits.toString());
    }

    /** One block per digit of y; each block's steps are checked against the total read from the block before. */
    private String product(String x, String y) {
        String total = "0";
        for (int place = 0; place < y.length(); place++) {
            Matcher header = expect(BLOCK_HEADER);
            if (header == null) {
                return null;
            }
            int multiplier = at(y, place);
            if (header.group(1).charAt(0) != 'A' + place || Integer.parseInt(header.group(2)) != multiplier) {
                problems.add("block header '" + header.group() + "' should be " + (char) ('A' + place) + multiplier + ":");
            }
            StringBuilder digits = new StringBuilder();
            for (int k = 0; k < place; k++) {
                digits.insert(0, at(total, k));
            }
            int carry = 0;
            for (int i = 0; i < x.length(); i++) {
                Matcher step = expect(MUL_STEP);
                if (step == null) {
                    return null;
                }
                int column = place + i;
                checkLabel(step.group(1), (char) ('a' + column), step.group());
                int before = at(total, column);
                if (Integer.parseInt(step.group(2)) != before) {
                    problems.add("step '" + step.group() + "' takes " + step.group(2) + " from the total, which has " + before);
                }
                if (step.group(3).charAt(0) != 'A' + i || Integer.parseInt(step.group(4)) != at(x, i)
                        || Integer.parseInt(step.group(5)) != multiplier) {
                    problems.add("step '" + step.group() + "' should multiply " + (char) ('A' + i) + at(x, i) + " by " + multiplier);
                }
                int value = checkedStep(step.group(), Integer.parseInt(step.group(6)), carry,
                        before + at(x, i) * multiplier, step.group(7));
                digits.insert(0, value % 10);
                carry = value / 10;
            }
            if (!carryStep(place + x.length(), carry)) {
                return null;
            }
            if (carry > 0) {
                digits.insert(0, carry);
            }
            total = totalLine(digits.toString());
            if (total == null) {
                return null;
            }
        }
        return total;
    }

    /** Checks a step's carry in and its sum; returns the true value of the step. */
    private int checkedStep(String step, int carryIn, int carry, int terms, String written) {
        if (carryIn != carry) {
            problems.add("step '" + step + "' takes carry " + carryIn + " but the step before gave " + carry);
        }
        int value = terms + carry;
        if (Integer.parseInt(written) != value) {
            problems.add("step '" + step + "' is false: the sum is " + value);
        }
        return value;
    }

    private boolean carryStep(int column, int carry) {
        if (carry == 0) {
            return true;
        }
        Matcher step = expect(CARRY_STEP);
        if (step == null) {
            return false;
        }
        checkLabel(step.group(1), (char) ('a' + column), step.group());
        if (Integer.parseInt(step.group(2)) != carry) {
            problems.add("carry step '" + step.group() + "' should carry " + carry);
        }
        return true;
    }

    /** Reads a {@code t:} line, checks it against the digits the steps made, and returns it as a number. */
    private String totalLine(String digits) {
        Matcher line = expect(TOTAL);
        if (line == null) {
            return null;
        }
        String[] entries = line.group(1).trim().split(" ");
        StringBuilder read = new StringBuilder();
        for (int k = 0; k < entries.length; k++) {
            checkLabel(entries[k].substring(0, 1), (char) ('a' + k), line.group());
            read.insert(0, entries[k].charAt(1));
        }
        if (!read.toString().equals(digits)) {
            problems.add("total line '" + line.group() + "' reads " + read + ", the steps made " + digits);
        }
        return read.toString();
    }

    private void checkLabel(String label, char expected, String where) {
        if (label.charAt(0) != expected) {
            problems.add("'" + where + "' has label " + label + ", expected " + expected);
        }
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

    /** The digit at place k from the units, 0 past the top. */
    private static int at(String number, int k) {
        return k < number.length() ? number.charAt(number.length() - 1 - k) - '0' : 0;
    }
}
