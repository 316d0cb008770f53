package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinHashFamilyTest {
    private static final BigInteger P = BigInteger.TWO.pow(61).subtract(BigInteger.ONE);

    @Test
    void should_reduce_and_multiply_modulo_the_mersenne_prime_like_big_integer() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, 1, MinHashFamily.PRIME - 1, MinHashFamily.PRIME, MinHashFamily.PRIME + 1, -1, Long.MIN_VALUE};
        for (long x : edges) {
            assertThat(MinHashFamily.mod(x)).isEqualTo(new BigInteger(Long.toUnsignedString(x)).mod(P).longValueExact());
        }
        for (int i = 0; i < 10_000; i++) {
            long x = MinHashFamily.mod(random.nextLong());
            long y = i == 0 ? MinHashFamily.PRIME - 1 : MinHashFamily.mod(random.nextLong());
            long expected = BigInteger.valueOf(x).multiply(BigInteger.valueOf(y)).mod(P).longValueExact();
            assertThat(MinHashFamily.mulMod(x, y)).isEqualTo(expected);
        }
    }
}
