package dev.distill4j.serve.guard;

/**
 * {@code k} hash functions {@code h_i(x) = (a_i * x + b_i) mod p} over the Mersenne prime {@code p = 2^61 - 1}
 * (Carter and Wegman's universal family, the one MinHash implementations use): each is pairwise independent, which
 * keeps MinHash's estimate close to unbiased, and reduction modulo a Mersenne prime needs only shifts and adds.
 * The {@code a_i} (nonzero) and {@code b_i} come from SplitMix64 on the seed, so a seed names the whole family.
 */
final class MinHashFamily {
    /** 2^61 - 1. */
    static final long PRIME = (1L << 61) - 1;

    private final long[] a;
    private final long[] b;

    MinHashFamily(int size, long seed) {
        a = new long[size];
        b = new long[size];
        long state = seed;
        for (int i = 0; i < size; i++) {
            long ai;
            do {
                state += 0x9e3779b97f4a7c15L;
                ai = mod(Murmur3.fmix64(state));
            } while (ai == 0);
            state += 0x9e3779b97f4a7c15L;
            a[i] = ai;
            b[i] = mod(Murmur3.fmix64(state));
        }
    }

    /** {@code h_i(x)}, in {@code [0, 2^61 - 1)}; {@code x} is read as an unsigned 64-bit value. */
    long apply(int i, long x) {
        return mod(mulMod(a[i], mod(x)) + b[i]);
    }

    /** {@code x mod p} for {@code x} read as unsigned 64 bits, using {@code 2^61 = 1 (mod p)}. */
    static long mod(long x) {
        long r = (x & PRIME) + (x >>> 61);
        return r >= PRIME ? r - PRIME : r;
    }

    /** {@code x * y mod p} for {@code x, y < p}: the 122-bit product split at bit 61, whose halves add mod p. */
    static long mulMod(long x, long y) {
        long lo = x * y;
        long hi = Math.multiplyHigh(x, y);
        long r = (lo & PRIME) + ((hi << 3) | (lo >>> 61));
        return mod(r);
    }
}
