package dev.distill4j.tasks.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScratchpadTest {

    @Test
    void should_write_addition_column_by_column_as_in_the_brief() {
        assertThat(Scratchpad.write(new ArithProblem(Operation.ADD, 4821, 937))).isEqualTo("""
                4821 + 937
                1+7=8 c0
                2+3+0=5 c0
                8+9+0=17 c1
                4+0+1=5 c0
                Answer: 5758""");
    }

    @Test
    void should_write_the_final_carry_as_the_leading_digit() {
        assertThat(Scratchpad.write(new ArithProblem(Operation.ADD, 99, 1))).isEqualTo("""
                99 + 1
                9+1=10 c1
                9+0+1=10 c1
                Answer: 100""");
    }

    @Test
    void should_write_multiplication_as_partial_products_and_running_sums_worked_by_hand() {
        // 4821*7 = 33747, 4821*3 = 14463, 4821*9 = 43389; 33747 + 144630 = 178377; 178377 + 4338900 = 4517277.
        assertThat(Scratchpad.write(new ArithProblem(Operation.MUL, 4821, 937))).isEqualTo("""
                4821 * 937
                4821*7:
                1*7=7 c0
                2*7+0=14 c1
                8*7+1=57 c5
                4*7+5=33 c3
                =33747
                4821*3:
                1*3=3 c0
                2*3+0=6 c0
                8*3+0=24 c2
                4*3+2=14 c1
                =14463 x10=144630
                33747 + 144630
                7+0=7 c0
                4+3+0=7 c0
                7+6+0=13 c1
                3+4+1=8 c0
                3+4+0=7 c0
                0+1+0=1 c0
                =178377
                4821*9:
                1*9=9 c0
                2*9+0=18 c1
                8*9+1=73 c7
                4*9+7=43 c4
                =43389 x100=4338900
                178377 + 4338900
                7+0=7 c0
                7+0+0=7 c0
                3+9+0=12 c1
                8+8+1=17 c1
                7+3+1=11 c1
                1+3+1=5 c0
                0+4+0=4 c0
                =4517277
                Answer: 4517277""");
    }

    @Test
    void should_write_a_zero_digit_as_a_zero_partial_product() {
        // 305 * 20: 305*0 = 0, then 305*2 = 610 shifted to 6100; 0 + 6100 = 6100.
        String scratchpad = Scratchpad.write(new ArithProblem(Operation.MUL, 305, 20));
        assertThat(scratchpad).contains("305*0:\n5*0=0 c0\n0*0+0=0 c0\n3*0+0=0 c0\n=0\n")
                .contains("=610 x10=6100\n0 + 6100\n")
                .endsWith("=6100\nAnswer: 6100");
        assertThat(ScratchpadAudit.problemsIn(scratchpad)).isEmpty();
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
    void should_catch_a_false_step_in_the_audit() {
        String wrong = """
                48 + 37
                8+7=15 c1
                4+3+1=9 c0
                Answer: 85""";
        assertThat(ScratchpadAudit.problemsIn(wrong)).anyMatch(p -> p.contains("'4+3+1=9 c0' is false"));
    }

    @Test
    void should_keep_the_largest_four_by_four_product_under_700_characters() {
        String scratchpad = Scratchpad.write(new ArithProblem(Operation.MUL, 9999, 9999));
        assertThat(scratchpad).endsWith("Answer: 99980001");
        assertThat(scratchpad.length()).isLessThan(700);
    }
}
