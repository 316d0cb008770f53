package dev.distill4j.tasks.family;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.Split;
import org.junit.jupiter.api.Test;

class ContentSplitTest {

    @Test
    void should_keep_about_a_fifth_of_the_problems_for_evaluation() {
        int eval = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (ContentSplit.of("arith", "add " + i + " " + (i * 7 + 3)) == Split.EVAL) {
                eval++;
            }
        }
        // Binomial(20000, 0.2) has a standard deviation of about 57, so 3600..4400 is a 7-sigma band.
        assertThat(eval).isBetween(3_600, 4_400);
    }

    @Test
    void should_give_the_same_side_every_time_for_the_same_content() {
        for (int i = 0; i < 100; i++) {
            String content = "mul " + i + " " + i * i;
            assertThat(ContentSplit.of("arith", content)).isEqualTo(ContentSplit.of("arith", content));
        }
    }

    @Test
    void should_salt_the_side_with_the_family_name() {
        int differ = 0;
        for (int i = 0; i < 1_000; i++) {
            if (ContentSplit.of("arith", "x" + i) != ContentSplit.of("extract", "x" + i)) {
                differ++;
            }
        }
        // Independent 20% draws disagree 32% of the time.
        assertThat(differ).isBetween(200, 450);
    }
}
