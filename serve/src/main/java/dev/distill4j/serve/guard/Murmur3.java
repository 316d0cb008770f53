package dev.distill4j.serve.guard;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x64_128 (Austin Appleby, smhasher), of which the guard keeps the first 64 bits ({@code h1}, the value
 * Guava's {@code murmur3_128(seed).hashBytes(b).asLong()} returns). Chosen because sketches and skeleton hashes must
 * be stable across JVMs and releases ({@link String#hashCode()} is 32 bits and clusters on short strings) and because
 * its avalanche is good enough that MinHash minima over it behave like minima of random values.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /** The first 64 bits of MurmurHash3 x64_128 of the UTF-8 bytes of {@code text}. */
    static long hash64(String text, int seed) {
        return hash64(text.getBytes(StandardCharsets.UTF_8), seed);
    }

    /** The first 64 bits of MurmurHash3 x64_128 of {@code data}; the seed is read as unsigned 32 bits. */
    static long hash64(byte[] data, int seed) {
        long h1 = seed & 0xffffffffL;
        long h2 = h1;
        int blocks = data.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndian(data, i * 16, 8);
            long k2 = littleEndian(data, i * 16 + 8, 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int rest = data.length - tail;
        if (rest > 8) {
            h2 ^= mixK2(littleEndian(data, tail + 8, rest - 8));
        }
        if (rest > 0) {
            h1 ^= mixK1(littleEndian(data, tail, Math.min(rest, 8)));
        }
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        return h1;
    }

    /** Murmur3's finaliser: a bijection on 64 bits in which every input bit flips each output bit with p ~ 1/2. */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long littleEndian(byte[] data, int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (data[offset + i] & 0xffL);
        }
        return value;
    }
}
