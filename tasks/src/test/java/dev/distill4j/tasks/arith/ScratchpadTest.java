package dev.distill4j.tasks.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScratchpadTest {

    @Test
    void should_write_addition_column_by_column_as_in_the_brief() {
        assertThat(Scratchpad.write(new ArithProblem(Operation.ADD, 4821, 937))).isEqualTo("""
                4821 + 937
                x: A1 B2 C8 D4
                y: A7 B3 C9
                a 1+7+0=8
                b 2+3+0=5
                c 8+9+0=17
                d 4+0+1=5
                t: a8 b5 c7 d5
                Answer: 5758""");
    }

    @Test
    void should_write_the_final_carry_as_a_step_and_the_top_column() {
        assertThat(Scratchpad.write(new ArithProblem(Operation.ADD, 99, 1))).isEqualTo("""
                99 + 1
                x: A9 B9
                y: A1
                a 9+1+0=10
                b 9+0+1=10
                c 1
                t: a0 b0 c1
                Answer: 100""");
    }

    @Test
    void should_write_multiplication_as_one_block_per_digit_added_into_a_running_total_worked_by_hand() {
        // 4821*7 = 33747; 33747 + 4821*30 = 178377; 178377 + 4821*900 = 4517277.
        assertThat(Scratchpad.write(new ArithProblem(Operation.MUL, 4821, 937))).isEqualTo("""
                4821 * 937
                x: A1 B2 C8 D4
                y: A7 B3 C9
                A7:
                a 0+A1*7+0=7
                b 0+B2*7+0=14
                c 0+C8*7+1=57
                d 0+D4*7+5=33
                e 3
                t: a7 b4 c7 d3 e3
                B3:
                b 4+A1*3+0=7
                c 7+B2*3+0=13
                d 3+C8*3+1=28
                e 3+D4*3+2=17
                f 1
                t: a7 b7 c3 d8 e7 f1
                C9:
                c 3+A1*9+0=12
                d 8+B2*9+1=27
                e 7+C8*9+2=81
                f 1+D4*9+8=45
                g 4
                t: a7 b7 c2 d7 e1 f5 g4
                Answer: 4517277""");
    }

    @Test
    void should_write_a_zero_digit_as_a_block_that_adds_nothing() {
        // 305 * 20: 305*0 leaves the total 000; 305*20 = 6100 is added from column b.
        String scratchpad = Scratchpad.write(new ArithProblem(Operation.MUL, 305, 20));
        assertThat(scratchpad).isEqualTo("""
                305 * 20
                x: A5 B0 C3
                y: A0 B2
                A0:
                a 0+A5*0+0=0
                b 0+B0*0+0=0
                c 0+C3*0+0=0
                t: a0 b0 c0
                B2:
                b 0+A5*2+0=10
                c 0+B0*2+1=1
                d 0+C3*2+0=6
                t: a0 b0 c1 d6
                Answer: 6100""");
        assertThat(ScratchpadAudit.problemsIn(scratchpad)).isEmpty();
    }

    @Test
    void should_write_a_product_with_zero_as_zero() {
        assertThat(Scratchpad.write(new ArithProblem(Operation.MUL, 0, 7))).endsWith("t: a0\nAnswer: 0");
    }

    @Test
    void should_pass_the_independent_audit_for_random_problems_of_every_size() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            long a = random.nextLong(0, 1_000_000_000L);
            long b = random.nextLong(0, 1_000_000_000L);
            // Shorten operands at random so every digit count from 1 to 9 occurs.
            a /= (long) Math.pow(10, random.nextInt(9));
            b /= (long) Math.pow(10, random.nextInt(9));
            for (Operation op : Operation.values()) {
                String scratchpad = Scratchpad.write(new ArithProblem(op, a, b));
                assertThat(ScratchpadAudit.problemsIn(scratchpad)).as(scratchpad).isEmpty();
            }
        }
    }

    @Test
    void should_catch_a_false_step_and_a_wrong_lookup_in_the_audit() {
        String falseStep = """
                48 + 37
                x: A8 B4
                y: A7 B3
                a 8+7+0=15
                b 4+3+1=9
                t: a5 b9
                Answer: 95""";
        assertThat(ScratchpadAudit.problemsIn(falseStep)).anyMatch(p -> p.contains("'b 4+3+1=9' is false"));
        String wrongTotalDigit = """
                12 * 34
                x: A2 B1
                y: A4 B3
                A4:
                a 0+A2*4+0=8
                b 0+B1*4+0=4
                t: a8 b4
                B3:
                b 8+A2*3+0=14
                c 0+B1*3+1=4
                t: a8 b4 c4
                Answer: 448""";
        assertThat(ScratchpadAudit.problemsIn(wrongTotalDigit)).anyMatch(p -> p.contains("takes 8 from the total, which has 4"));
    }

    @Test
    void should_keep_the_largest_four_by_four_product_under_500_characters() {
        String scratchpad = Scratchpad.write(new ArithProblem(Operation.MUL, 9999, 9999));
        assertThat(scratchpad).endsWith("Answer: 99980001");
        assertThat(scratchpad.length()).isLessThan(500);
    }
}
