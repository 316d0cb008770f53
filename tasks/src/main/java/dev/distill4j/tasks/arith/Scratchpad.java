package dev.distill4j.tasks.arith;

/**
 * The expert's worked solution: schoolbook column arithmetic, one short line per digit step, written so a
 * small character-level model can learn it and a person can check it.
 *
 * <p>Notation. The first line repeats the problem. A column of an addition is {@code x+y+c=s cK}: the two
 * digits (0 where an operand has run out), the carry in (left out in the first column), their sum and the
 * carry out {@code K = s / 10}. A digit step of a partial product is {@code x*d+c=p cK} in the same way. Each
 * partial product starts with a header {@code A*d:} and ends with {@code =P}, shifted for the tens, hundreds...
 * digit of the second operand as {@code =P x10=P0}. Partial products are summed into a running total as soon as
 * they are made, each sum written column by column under a header {@code S + P} and closed with {@code =S'}. The
 * last line is {@code Answer: N}.
 *
 * <p>Addition, {@code 4821 + 937}:
 * <pre>
 * 4821 + 937
 * 1+7=8 c0
 * 2+3+0=5 c0
 * 8+9+0=17 c1
 * 4+0+1=5 c0
 * Answer: 5758
 * </pre>
 *
 * <p>Multiplication, {@code 4821 * 937} (a 4 by 4 digit product stays under about 650 characters):
 * <pre>
 * 4821 * 937
 * 4821*7:
 * 1*7=7 c0
 * 2*7+0=14 c1
 * 8*7+1=57 c5
 * 4*7+5=33 c3
 * =33747
 * 4821*3:
 * 1*3=3 c0
 * 2*3+0=6 c0
 * 8*3+0=24 c2
 * 4*3+2=14 c1
 * =14463 x10=144630
 * 33747 + 144630
 * 7+0=7 c0
 * 4+3+0=7 c0
 * 7+6+0=13 c1
 * 3+4+1=8 c0
 * 3+4+0=7 c0
 * 0+1+0=1 c0
 * =178377
 * 4821*9:
 * 1*9=9 c0
 * 2*9+0=18 c1
 * 8*9+1=73 c7
 * 4*9+7=43 c4
 * =43389 x100=4338900
 * 178377 + 4338900
 * 7+0=7 c0
 * 7+0+0=7 c0
 * 3+9+0=12 c1
 * 8+8+1=17 c1
 * 7+3+1=11 c1
 * 1+3+1=5 c0
 * 0+4+0=4 c0
 * =4517277
 * Answer: 4517277
 * </pre>
 */
final class Scratchpad {
    private Scratchpad() {}

    static String write(ArithProblem problem) {
        String a = Long.toString(problem.a());
        String b = Long.toString(problem.b());
        StringBuilder out = new StringBuilder();
        out.append(a).append(' ').append(problem.op().symbol()).append(' ').append(b).append('\n');
        String result = problem.op() == Operation.ADD ? addColumns(out, a, b) : multiply(out, a, b);
        return out.append("Answer: ").append(result).toString();
    }

    /** One partial product per digit of {@code b}, right to left, each added to the running total at once. */
    private static String multiply(StringBuilder out, String a, String b) {
        String total = null;
        for (int place = 0; place < b.length(); place++) {
            int digit = digitFromRight(b, place);
            out.append(a).append('*').append(digit).append(":\n");
            String partial = multiplyByDigit(out, a, digit);
            out.append('=').append(partial);
            String shifted = partial;
            if (place > 0) {
                shifted = partial.equals("0") ? "0" : partial + "0".repeat(place);
                out.append(" x1").append("0".repeat(place)).append('=').append(shifted);
            }
            out.append('\n');
            if (total == null) {
                total = shifted;
            } else {
                out.append(total).append(" + ").append(shifted).append('\n');
                total = addColumns(out, total, shifted);
                out.append('=').append(total).append('\n');
            }
        }
        return total;
    }

    /** Writes {@code x+y+c=s cK} per column, right to left, and returns the sum. */
    private static String addColumns(StringBuilder out, String x, String y) {
        StringBuilder reversed = new StringBuilder();
        int carry = 0;
        for (int column = 0; column < Math.max(x.length(), y.length()); column++) {
            int dx = digitFromRight(x, column);
            int dy = digitFromRight(y, column);
            int sum = dx + dy + carry;
            out.append(dx).append('+').append(dy);
            if (column > 0) {
                out.append('+').append(carry);
            }
            out.append('=').append(sum).append(" c").append(sum / 10).append('\n');
            reversed.append(sum % 10);
            carry = sum / 10;
        }
        if (carry > 0) {
            reversed.append(carry);
        }
        return withoutLeadingZeros(reversed.reverse());
    }

    /** Writes {@code x*d+c=p cK} per digit of {@code a}, right to left, and returns {@code a * digit}. */
    private static String multiplyByDigit(StringBuilder out, String a, int digit) {
        StringBuilder reversed = new StringBuilder();
        int carry = 0;
        for (int place = 0; place < a.length(); place++) {
            int x = digitFromRight(a, place);
            int product = x * digit + carry;
            out.append(x).append('*').append(digit);
            if (place > 0) {
                out.append('+').append(carry);
            }
            out.append('=').append(product).append(" c").append(product / 10).append('\n');
            reversed.append(product % 10);
            carry = product / 10;
        }
        if (carry > 0) {
            reversed.append(carry);
        }
        return withoutLeadingZeros(reversed.reverse());
    }

    private static int digitFromRight(String number, int place) {
        return place < number.length() ? number.charAt(number.length() - 1 - place) - '0' : 0;
    }

    private static String withoutLeadingZeros(CharSequence digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        return digits.subSequence(start, digits.length()).toString();
    }
}
