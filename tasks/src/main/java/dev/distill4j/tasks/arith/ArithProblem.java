package dev.distill4j.tasks.arith;

import java.math.BigInteger;

/**
 * One problem, {@code a op b}, in the order the prompt writes it.
 *
 * @param a the left operand, >= 0
 * @param b the right operand, >= 0; in a product, the operand whose digits make the partial products
 */
public record ArithProblem(Operation op, long a, long b) {
    public ArithProblem {
        if (op == null) {
            throw new IllegalArgumentException("field 'op': expected add or mul, got null");
        }
        if (a < 0) {
            throw new IllegalArgumentException("field 'a': expected a number >= 0, got " + a);
        }
        if (b < 0) {
            throw new IllegalArgumentException("field 'b': expected a number >= 0, got " + b);
        }
    }

    /** The prompt: {@code What is 4821 * 937?}. */
    public String question() {
        return "What is " + a + " " + op.symbol() + " " + b + "?";
    }

    /**
     * The content that decides the split and identity. Both operations commute, so the operands are sorted:
     * {@code 4821 + 937} and {@code 937 + 4821} are one problem and can never stand on both sides.
     */
    public String canonical() {
        return op.wireName() + " " + Math.min(a, b) + " " + Math.max(a, b);
    }

    /** The exact result. */
    public BigInteger answer() {
        return op.apply(BigInteger.valueOf(a), BigInteger.valueOf(b));
    }

    public int digitsA() {
        return Long.toString(a).length();
    }

    public int digitsB() {
        return Long.toString(b).length();
    }
}
