package dev.distill4j.tasks.verify;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One number as written in a text, its digits already ASCII and its grouping separators removed.
 *
 * @param start          where it starts in the text (its sign included)
 * @param end            where it ends (exclusive, its percent sign included)
 * @param negative       whether a minus sign precedes it
 * @param integerDigits  the digits before the decimal point; empty for ".5"
 * @param fractionDigits the digits after the decimal point; empty when there is none
 * @param exponent       the signed exponent digits of {@code 1.5e3}, or null
 * @param denominator    the digits after the slash of a fraction {@code 3/4}, or null
 * @param percent        whether a percent sign follows it
 */
public record NumberToken(
        int start, int end, boolean negative, String integerDigits, String fractionDigits,
        String exponent, String denominator, boolean percent) {

    /** Beyond this many characters a number is compared as a string only: parsing it could take seconds. */
    public static final int MAX_NUMERIC_LENGTH = 10_000;

    /** The characters it spans in the text. */
    public int length() {
        return end - start;
    }

    /** A whole number: no exponent, no fraction bar, and any decimals all zero ("42.00"). */
    public boolean isInteger() {
        return exponent == null && denominator == null && isAllZeros(fractionDigits);
    }

    /** The integer as a plain decimal string without leading zeros; "0" for any zero. Only for {@link #isInteger()}. */
    public String canonicalInteger() {
        String digits = stripLeadingZeros(integerDigits);
        return negative && !digits.equals("0") ? "-" + digits : digits;
    }

    /**
     * A canonical spelling: equal for numbers written the same way up to separators, digit scripts and
     * redundant zeros ("1,234.50" and "1234.5"). Numbers equal in value but written differently ("1.5e3",
     * "1500") differ here; compare those by value.
     */
    public String canonical() {
        String whole = stripLeadingZeros(integerDigits);
        String fraction = stripTrailingZeros(fractionDigits);
        boolean zero = whole.equals("0") && fraction.isEmpty();
        StringBuilder out = new StringBuilder(whole.length() + fraction.length() + 8);
        if (negative && !zero) {
            out.append('-');
        }
        out.append(whole);
        if (!fraction.isEmpty()) {
            out.append('.').append(fraction);
        }
        if (exponent != null) {
            boolean negativeExponent = exponent.startsWith("-");
            String digits = stripLeadingZeros(negativeExponent ? exponent.substring(1) : exponent);
            if (!digits.equals("0")) {
                out.append('e').append(negativeExponent ? "-" : "").append(digits);
            }
        }
        if (denominator != null) {
            out.append('/').append(stripLeadingZeros(denominator));
        }
        if (percent) {
            out.append('%');
        }
        return out.toString();
    }

    /**
     * The value, ignoring the percent sign (the caller decides what a percent means).
     *
     * @throws NumberFormatException for an exponent beyond the int range
     * @throws ArithmeticException   for a zero denominator
     */
    public BigDecimal toBigDecimal() {
        String text = (negative ? "-" : "") + (integerDigits.isEmpty() ? "0" : integerDigits)
                + (fractionDigits.isEmpty() ? "" : "." + fractionDigits)
                + (exponent == null ? "" : "E" + exponent);
        BigDecimal value = new BigDecimal(text);
        if (denominator != null) {
            BigDecimal divisor = new BigDecimal(denominator);
            if (divisor.signum() == 0) {
                throw new ArithmeticException("fraction with a zero denominator");
            }
            value = value.divide(divisor, MathContext.DECIMAL128);
        }
        return value;
    }

    private static boolean isAllZeros(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.isEmpty() ? "0" : digits.substring(i);
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
