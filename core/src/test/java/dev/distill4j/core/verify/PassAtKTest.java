package dev.distill4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class PassAtKTest {
    /** The definition, with exact binomials: 1 - C(n-c, k) / C(n, k). */
    private static double byBinomials(int n, int c, int k) {
        BigDecimal allFail = new BigDecimal(binomial(n - c, k)).divide(new BigDecimal(binomial(n, k)), MathContext.DECIMAL128);
        return BigDecimal.ONE.subtract(allFail).doubleValue();
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) {
            return BigInteger.ZERO;
        }
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    @Test
    void should_equal_the_binomial_definition_for_every_small_case() {
        for (int n = 1; n <= 30; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k).isCloseTo(byBinomials(n, c, k), within(1e-12));
                }
            }
        }
    }

    @Test
    void should_stay_finite_where_the_binomials_overflow_a_double() {
        // C(5000, 100) is about 1e211 ... and C(5000, 2500) far past Double.MAX_VALUE.
        assertThat(PassAtK.estimate(5000, 3, 100)).isCloseTo(byBinomials(5000, 3, 100), within(1e-12));
        assertThat(PassAtK.estimate(5000, 1, 2500)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void should_match_hand_worked_cases() {
        assertThat(PassAtK.estimate(2, 1, 1)).isEqualTo(0.5);
        assertThat(PassAtK.estimate(4, 1, 2)).isCloseTo(0.5, within(1e-15)); // 1 - C(3,2)/C(4,2) = 1 - 3/6
        assertThat(PassAtK.estimate(10, 0, 5)).isZero();
        assertThat(PassAtK.estimate(10, 6, 5)).isEqualTo(1.0); // only 4 fail: any 5 hold a pass
        assertThat(PassAtK.estimate(8, 3, 1)).isCloseTo(3.0 / 8, within(1e-15)); // pass@1 is the pass rate
    }

    @Test
    void should_refuse_impossible_counts() {
        assertThatThrownBy(() -> PassAtK.estimate(4, 5, 1)).hasMessageContaining("c=5");
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 5)).hasMessageContaining("k=5");
        assertThatThrownBy(() -> PassAtK.estimate(0, 0, 1)).hasMessageContaining("n=0");
    }
}
