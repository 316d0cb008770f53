package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Murmur3Test {
    @Test
    void should_match_guava_murmur3_128_first_long_on_every_tail_length() {
        // Reference values from Guava 33.4.8: Hashing.murmur3_128(seed).hashBytes(utf8).asLong().
        assertThat(Murmur3.hash64("", 0)).isEqualTo(0L);
        assertThat(Murmur3.hash64("", 42)).isEqualTo(-1140915396076141277L);
        assertThat(Murmur3.hash64("a", 0)).isEqualTo(-8839064797231613815L);
        assertThat(Murmur3.hash64("a", 42)).isEqualTo(2892890568104748720L);
        assertThat(Murmur3.hash64("hello", 0)).isEqualTo(-3758069500696749310L);
        assertThat(Murmur3.hash64("hello world!", 0)).isEqualTo(6532475073400519651L);
        assertThat(Murmur3.hash64("hello world!", 42)).isEqualTo(-7776632411116721195L);
        assertThat(Murmur3.hash64("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(-2068352364225029268L);
        assertThat(Murmur3.hash64("The quick brown fox jumps over the lazy dog", 42)).isEqualTo(8362568317626209751L);
        assertThat(Murmur3.hash64("0123456789abcdef", 0)).isEqualTo(5467490433528156583L);
        assertThat(Murmur3.hash64("0123456789abcdefg", 0)).isEqualTo(-8200385122730116642L);
        assertThat(Murmur3.hash64("naïve café ✓", 0)).isEqualTo(-8840101801432758820L);
        assertThat(Murmur3.hash64("naïve café ✓", 42)).isEqualTo(-6193403937596265815L);
    }
}
