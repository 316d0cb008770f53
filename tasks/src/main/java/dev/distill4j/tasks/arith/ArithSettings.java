package dev.distill4j.tasks.arith;

import dev.distill4j.tasks.family.FamilyOptions;
import dev.distill4j.tasks.family.IntRange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The arith options, read and validated: which operand digit counts and which operations to draw.
 *
 * @param digits the range of each operand's digit count
 * @param ops    the operations, in declaration order
 */
record ArithSettings(IntRange digits, List<Operation> ops) {
    static final IntRange ALLOWED_DIGITS = new IntRange(1, 9);
    static final IntRange DEFAULT_DIGITS = new IntRange(2, 4);
    static final Map<String, String> OPTIONS = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "digits", "range of each operand's digit count, within 1..9 (default 2-4), e.g. 3, \"2-4\" or [2, 4]",
            "ops", "operations to draw from: add, mul (default both), e.g. \"add,mul\" or [mul]")));

    ArithSettings {
        if (!ALLOWED_DIGITS.contains(digits.min()) || !ALLOWED_DIGITS.contains(digits.max())) {
            throw new IllegalArgumentException("field 'digits': expected a range within " + ALLOWED_DIGITS + ", got " + digits);
        }
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("field 'ops': expected at least one operation, got none");
        }
        ops = List.copyOf(ops);
    }

    static ArithSettings read(Map<String, Object> options) {
        FamilyOptions reader = new FamilyOptions(ArithFamily.NAME, OPTIONS, options);
        Map<String, Operation> byName = new LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            byName.put(op.wireName(), op);
        }
        return new ArithSettings(reader.range("digits", DEFAULT_DIGITS, ALLOWED_DIGITS),
                reader.choices("ops", byName, List.of(Operation.values())));
    }

    /**
     * A problem with each operand's digit count drawn uniformly and independently, so a 4-digit by
     * 2-digit product is as likely as a 4 by 4 one; one-digit operands include 0.
     */
    ArithProblem draw(SplittableRandom random) {
        Operation op = ops.get(random.nextInt(ops.size()));
        long a = operand(random, digits.draw(random));
        long b = operand(random, digits.draw(random));
        return new ArithProblem(op, a, b);
    }

    String widenHint() {
        return "widen 'digits' (now " + digits + ") or 'ops' (now "
                + ops.stream().map(Operation::wireName).collect(Collectors.joining(",")) + ")";
    }

    private static long operand(SplittableRandom random, int digitCount) {
        long low = digitCount == 1 ? 0 : pow10(digitCount - 1);
        return random.nextLong(low, pow10(digitCount));
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
