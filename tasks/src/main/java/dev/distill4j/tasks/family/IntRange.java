package dev.distill4j.tasks.family;

import java.util.SplittableRandom;

/** An inclusive range of whole numbers, such as the digit counts {@code 2..4}. */
public record IntRange(int min, int max) {
    public IntRange {
        if (min > max) {
            throw new IllegalArgumentException("field 'max': expected a number >= min (" + min + "), got " + max);
        }
    }

    public static IntRange of(int value) {
        return new IntRange(value, value);
    }

    /** A number drawn uniformly from the range. */
    public int draw(SplittableRandom random) {
        return random.nextInt(min, max + 1);
    }

    public boolean contains(int value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + ".." + max;
    }
}
