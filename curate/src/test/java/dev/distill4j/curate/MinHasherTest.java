package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MinHasherTest {
    @Test
    void should_agree_on_a_fraction_of_values_equal_to_the_jaccard_similarity() {
        // A = {0..299}, B = {100..399} as shingle hashes: 200 shared of 400, J = 0.5 exactly.
        long[] a = hashed(LongStream.range(0, 300));
        long[] b = hashed(LongStream.range(100, 400));
        MinHasher hasher = new MinHasher(4000, 3);
        long[] sa = hasher.signature(a);
        long[] sb = hasher.signature(b);
        int agree = 0;
        for (int i = 0; i < sa.length; i++) {
            agree += sa[i] == sb[i] ? 1 : 0;
        }
        // Standard error sqrt(0.25 / 4000) = 0.008; allow 4 of them.
        assertThat(agree / 4000.0).isCloseTo(0.5, within(0.032));
    }

    @Test
    void should_give_identical_sets_identical_signatures_whatever_the_order() {
        long[] a = hashed(LongStream.range(0, 50));
        long[] reversed = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            reversed[i] = a[a.length - 1 - i];
        }
        MinHasher hasher = new MinHasher(64, 1);
        assertThat(hasher.signature(reversed)).containsExactly(hasher.signature(a));
    }

    private static long[] hashed(LongStream values) {
        long[] hashes = values.map(Hash64::mix).toArray();
        Arrays.sort(hashes);
        return hashes;
    }
}
