package dev.distill4j.tasks.verify;

import java.util.function.IntPredicate;

/**
 * Finds the numbers in a text, left to right, in one linear pass. It reads what models write:
 * thousands separators ({@code 1,234,567}, {@code 1 234 567}, {@code 1_234}), signs ({@code -5}, {@code +5},
 * {@code −5}), decimals, exponents ({@code 1.5e3}), fractions ({@code 3/4}), a trailing percent sign, and
 * digits of any script (Arabic-Indic, full-width, …), which it turns into ASCII.
 *
 * <p>A separator only groups when every group after the first has exactly three digits, so "12, 13" is two
 * numbers. A minus sign right after a letter or a digit is a hyphen ("COVID-19", "3-4"), not a sign.
 */
public final class NumberScanner {
    private final String text;
    private int position;

    public NumberScanner(String text) {
        this.text = text;
    }

    /** The next number, or null when there is none left. */
    public NumberToken next() {
        while (position < text.length()) {
            int cp = text.codePointAt(position);
            if (startsNumber(cp, position)) {
                NumberToken token = read(position);
                position = token.end();
                return token;
            }
            position += Character.charCount(cp);
        }
        return null;
    }

    /** The last number in the text, or null. */
    public static NumberToken last(String text) {
        NumberScanner scanner = new NumberScanner(text);
        NumberToken last = null;
        for (NumberToken token = scanner.next(); token != null; token = scanner.next()) {
            last = token;
        }
        return last;
    }

    /**
     * The text's only number, when it has exactly one and every character outside it satisfies
     * {@code allowedAround} (whitespace, say, or currency symbols); null otherwise.
     */
    public static NumberToken sole(String text, IntPredicate allowedAround) {
        NumberScanner scanner = new NumberScanner(text);
        NumberToken only = scanner.next();
        if (only == null || scanner.next() != null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if ((i < only.start() || i >= only.end()) && !allowedAround.test(text.charAt(i))) {
                return null;
            }
        }
        return only;
    }

    private boolean startsNumber(int cp, int at) {
        if (isDigit(cp)) {
            return true;
        }
        int next = at + Character.charCount(cp);
        if (isDecimalPoint(cp)) {
            return digitAt(next) >= 0 && !precededByDigit(at);
        }
        if (isSign(cp) && !precededByWordChar(at)) {
            return digitAt(next) >= 0
                    || next < text.length() && isDecimalPoint(text.charAt(next)) && digitAt(next + 1) >= 0;
        }
        return false;
    }

    private NumberToken read(int start) {
        int i = start;
        boolean negative = false;
        int first = text.codePointAt(i);
        if (isSign(first)) {
            negative = first != '+' && first != '＋';
            i += Character.charCount(first);
        }
        StringBuilder whole = new StringBuilder(8);
        i = readDigits(i, whole);
        if (whole.length() >= 1 && whole.length() <= 3) {
            i = readGroups(i, whole);
        }
        String fraction = "";
        if (i < text.length() && isDecimalPoint(text.charAt(i)) && digitAt(i + 1) >= 0) {
            StringBuilder digits = new StringBuilder();
            i = readDigits(i + 1, digits);
            fraction = digits.toString();
        }
        String exponent = null;
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            boolean negativeExponent = false;
            if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-' || text.charAt(j) == '−')) {
                negativeExponent = text.charAt(j) != '+';
                j++;
            }
            if (digitAt(j) >= 0) {
                StringBuilder digits = new StringBuilder();
                i = readDigits(j, digits);
                exponent = (negativeExponent ? "-" : "") + digits;
            }
        }
        String denominator = null;
        if (fraction.isEmpty() && exponent == null && i < text.length() && text.charAt(i) == '/' && digitAt(i + 1) >= 0) {
            StringBuilder digits = new StringBuilder();
            i = readDigits(i + 1, digits);
            denominator = digits.toString();
        }
        boolean percent = false;
        if (i < text.length() && isPercent(text.charAt(i))) {
            percent = true;
            i++;
        }
        return new NumberToken(start, i, negative, whole.toString(), fraction, exponent, denominator, percent);
    }

    private int readDigits(int i, StringBuilder out) {
        int digit;
        while ((digit = digitAt(i)) >= 0) {
            out.append((char) ('0' + digit));
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    /** Groups of exactly three digits after the same separator each time: ",234,567". */
    private int readGroups(int i, StringBuilder whole) {
        if (i >= text.length() || !isGroupSeparator(text.charAt(i))) {
            return i;
        }
        char separator = text.charAt(i);
        while (i < text.length() && text.charAt(i) == separator) {
            int j = i + 1;
            StringBuilder group = new StringBuilder(3);
            int digit;
            while (group.length() < 4 && (digit = digitAt(j)) >= 0) {
                group.append((char) ('0' + digit));
                j += Character.charCount(text.codePointAt(j));
            }
            if (group.length() != 3) {
                break;
            }
            whole.append(group);
            i = j;
        }
        return i;
    }

    /** The digit value at {@code i}, or -1 when there is no decimal digit there. */
    private int digitAt(int i) {
        if (i >= text.length()) {
            return -1;
        }
        int cp = text.codePointAt(i);
        return isDigit(cp) ? Character.digit(cp, 10) : -1;
    }

    private boolean precededByDigit(int at) {
        return at > 0 && isDigit(text.codePointBefore(at));
    }

    private boolean precededByWordChar(int at) {
        if (at == 0) {
            return false;
        }
        int before = text.codePointBefore(at);
        return Character.isLetterOrDigit(before) || isDecimalPoint(before);
    }

    private static boolean isDigit(int cp) {
        return Character.isDigit(cp) && Character.digit(cp, 10) >= 0;
    }

    private static boolean isSign(int cp) {
        return cp == '-' || cp == '+' || cp == '−' || cp == '－' || cp == '＋';
    }

    private static boolean isDecimalPoint(int cp) {
        return cp == '.' || cp == '٫';
    }

    private static boolean isGroupSeparator(char c) {
        return c == ',' || c == ' ' || c == '_' || c == '\u00A0' || c == '\u202F' || c == '\u2009' || c == '٬' || c == '，';
    }

    private static boolean isPercent(char c) {
        return c == '%' || c == '％' || c == '٪';
    }
}
