package dev.distill4j.tasks.verify;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Numeric closeness: |a - b| <= max(absolute, relative * max(|a|, |b|)).
 * Works on BigDecimal so that integers beyond 2^53 and numbers beyond the double range compare correctly;
 * the subtraction is rounded to 34 digits, which keeps 1e-999999999 - 1 cheap (an exact one would need a
 * billion digits).
 */
record Tolerance(double relative, double absolute) {
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    Tolerance {
        if (!(relative >= 0) || !(absolute >= 0) || Double.isInfinite(relative) || Double.isInfinite(absolute)) {
            throw new IllegalArgumentException("field 'tolerance': expected finite numbers >= 0, got relative="
                    + relative + ", absolute=" + absolute);
        }
    }

    boolean accepts(BigDecimal expected, BigDecimal actual) {
        if (expected.compareTo(actual) == 0) {
            return true;
        }
        BigDecimal difference = expected.subtract(actual, PRECISION).abs();
        BigDecimal magnitude = expected.abs().max(actual.abs());
        BigDecimal allowed = BigDecimal.valueOf(relative).multiply(magnitude, PRECISION).max(BigDecimal.valueOf(absolute));
        return difference.compareTo(allowed) <= 0;
    }
}
