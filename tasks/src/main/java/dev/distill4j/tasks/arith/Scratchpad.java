package dev.distill4j.tasks.arith;

import java.util.Arrays;

/**
 * The expert's worked solution: schoolbook column arithmetic, one short line per digit step, written so a
 * small character-level model can learn it and a person can check it.
 *
 * <p>Why this notation. A small transformer does single-digit arithmetic well; what it gets wrong is finding
 * the right digit: "the third digit from the right of a number four lines up" needs counting. So every digit
 * carries a label and every lookup is a match on a label ("index hints", Zhou et al. 2023, "What Algorithms
 * Can Transformers Learn?"). Digits are labelled from the units up: {@code A B C ...} for the operands' digits,
 * {@code a b c ...} for the result's columns.
 *
 * <p>Notation.
 * <ul>
 *   <li>The first line repeats the problem; {@code x:} and {@code y:} list each operand's digits, units first,
 *       each after its label ({@code 4821} is {@code A1 B2 C8 D4}).</li>
 *   <li>A column step is {@code k T+X+c=s}: the column's label, then its terms, the carry in {@code c} from
 *       the step before (0 in a block's first step) and their sum {@code s}; the column keeps the last digit of
 *       {@code s}, and the carry out is {@code s / 10}. A final carry above the top column is a step of its
 *       own, {@code k c}, written only when it is not 0.</li>
 *   <li>{@code t:} lists every column of the running total, units first, each after its label.</li>
 *   <li>An addition is one block of column steps {@code k x+y+c=s}, with 0 for a digit an operand lacks.</li>
 *   <li>A product has one block per digit of {@code y}, headed by that digit and its label ({@code B3:}).
 *       Block {@code J} adds {@code x * y_J} into the total, starting at column {@code J}: its steps are
 *       {@code k T+Xd*y+c=s}, where {@code T} is column {@code k} of the total before (0 where it has none)
 *       and {@code Xd} the digit of {@code x} with its label. The total's columns below {@code J} do not
 *       change and are copied into the block's {@code t:} line.</li>
 *   <li>The last line is {@code Answer: N}, the last {@code t:} line read from the top column down, without
 *       leading zeros.</li>
 * </ul>
 *
 * <p>Addition, {@code 4821 + 937}:
 * <pre>
 * 4821 + 937
 * x: A1 B2 C8 D4
 * y: A7 B3 C9
 * a 1+7+0=8
 * b 2+3+0=5
 * c 8+9+0=17
 * d 4+0+1=5
 * t: a8 b5 c7 d5
 * Answer: 5758
 * </pre>
 *
 * <p>Multiplication, {@code 4821 * 937} (a 4 by 4 digit product stays under 500 characters):
 * <pre>
 * 4821 * 937
 * x: A1 B2 C8 D4
 * y: A7 B3 C9
 * A7:
 * a 0+A1*7+0=7
 * b 0+B2*7+0=14
 * c 0+C8*7+1=57
 * d 0+D4*7+5=33
 * e 3
 * t: a7 b4 c7 d3 e3
 * B3:
 * b 4+A1*3+0=7
 * c 7+B2*3+0=13
 * d 3+C8*3+1=28
 * e 3+D4*3+2=17
 * f 1
 * t: a7 b7 c3 d8 e7 f1
 * C9:
 * c 3+A1*9+0=12
 * d 8+B2*9+1=27
 * e 7+C8*9+2=81
 * f 1+D4*9+8=45
 * g 4
 * t: a7 b7 c2 d7 e1 f5 g4
 * Answer: 4517277
 * </pre>
 */
final class Scratchpad {
    private Scratchpad() {}

    static String write(ArithProblem problem) {
        String x = Long.toString(problem.a());
        String y = Long.toString(problem.b());
        StringBuilder out = new StringBuilder();
        out.append(x).append(' ').append(problem.op().symbol()).append(' ').append(y).append('\n');
        out.append("x:").append(labelledDigits(x, 'A')).append('\n');
        out.append("y:").append(labelledDigits(y, 'A')).append('\n');
        int[] total = problem.op() == Operation.ADD ? add(out, x, y) : multiply(out, x, y);
        return out.append("Answer: ").append(readTotal(total)).toString();
    }

    /** One column step per column, then the total. Returns the total's digits, units first. */
    private static int[] add(StringBuilder out, String x, String y) {
        int columns = Math.max(x.length(), y.length());
        int[] total = new int[columns + 1];
        int carry = 0;
        for (int column = 0; column < columns; column++) {
            int sum = digit(x, column) + digit(y, column) + carry;
            out.append(columnLabel(column)).append(' ').append(digit(x, column)).append('+').append(digit(y, column))
                    .append('+').append(carry).append('=').append(sum).append('\n');
            total[column] = sum % 10;
            carry = sum / 10;
        }
        int used = finalCarry(out, total, columns, carry);
        return writeTotal(out, total, used);
    }

    /** One block per digit of y, each adding x times that digit into the running total at its place. */
    private static int[] multiply(StringBuilder out, String x, String y) {
        int[] total = new int[x.length() + y.length()];
        int used = 0;
        for (int place = 0; place < y.length(); place++) {
            int multiplier = digit(y, place);
            out.append(digitLabel(place)).append(multiplier).append(":\n");
            int carry = 0;
            for (int index = 0; index < x.length(); index++) {
                int column = place + index;
                int before = column < used ? total[column] : 0;
                int sum = before + digit(x, index) * multiplier + carry;
                out.append(columnLabel(column)).append(' ').append(before).append('+')
                        .append(digitLabel(index)).append(digit(x, index)).append('*').append(multiplier)
                        .append('+').append(carry).append('=').append(sum).append('\n');
                total[column] = sum % 10;
                carry = sum / 10;
            }
            used = finalCarry(out, total, place + x.length(), carry);
            writeTotal(out, total, used);
        }
        return Arrays.copyOf(total, used);
    }

    /** Writes the carry above the top column as a step of its own when it is not 0; returns the column count. */
    private static int finalCarry(StringBuilder out, int[] total, int columns, int carry) {
        if (carry == 0) {
            return columns;
        }
        out.append(columnLabel(columns)).append(' ').append(carry).append('\n');
        total[columns] = carry;
        return columns + 1;
    }

    private static int[] writeTotal(StringBuilder out, int[] total, int used) {
        out.append("t:");
        for (int column = 0; column < used; column++) {
            out.append(' ').append(columnLabel(column)).append(total[column]);
        }
        out.append('\n');
        return Arrays.copyOf(total, used);
    }

    /** The total's digits from the top column down, without leading zeros (a product with 0 is all zeros). */
    private static String readTotal(int[] total) {
        StringBuilder number = new StringBuilder();
        for (int column = total.length - 1; column >= 0; column--) {
            if (number.isEmpty() && total[column] == 0 && column > 0) {
                continue;
            }
            number.append(total[column]);
        }
        return number.toString();
    }

    /** {@code 4821} as {@code " A1 B2 C8 D4"}: units first, each digit after its label. */
    private static String labelledDigits(String number, char firstLabel) {
        StringBuilder out = new StringBuilder();
        for (int place = 0; place < number.length(); place++) {
            out.append(' ').append((char) (firstLabel + place)).append(digit(number, place));
        }
        return out.toString();
    }

    private static char digitLabel(int place) {
        return (char) ('A' + place);
    }

    private static char columnLabel(int column) {
        return (char) ('a' + column);
    }

    /** The digit at {@code place} counted from the units (0), or 0 past the number's top digit. */
    private static int digit(String number, int place) {
        return place < number.length() ? number.charAt(number.length() - 1 - place) - '0' : 0;
    }
}
