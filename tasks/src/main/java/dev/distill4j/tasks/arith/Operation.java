package dev.distill4j.tasks.arith;

import java.math.BigInteger;

/** The operations of the arith family, with their option name and the symbol the prompt uses. */
public enum Operation {
    ADD("add", "+"),
    MUL("mul", "*");

    private final String wireName;
    private final String symbol;

    Operation(String wireName, String symbol) {
        this.wireName = wireName;
        this.symbol = symbol;
    }

    /** The name in options and metadata: {@code add}, {@code mul}. */
    public String wireName() {
        return wireName;
    }

    /** The symbol in the prompt and scratchpad: {@code +}, {@code *}. */
    public String symbol() {
        return symbol;
    }

    public BigInteger apply(BigInteger a, BigInteger b) {
        return this == ADD ? a.add(b) : a.multiply(b);
    }
}
