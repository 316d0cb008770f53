package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void should_double_the_ceiling_each_retry_up_to_the_cap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0);

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(200)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void should_draw_full_jitter_from_the_seeded_source() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 42);
        SplittableRandom same = new SplittableRandom(42);

        for (int retry = 1; retry <= 8; retry++) {
            long ceiling = Math.min(100_000_000L << (retry - 1), 1_000_000_000L);
            assertThat(backoff.delay(retry, Optional.empty())).isEqualTo(Duration.ofNanos(same.nextLong(ceiling + 1)));
        }
    }

    @Test
    void should_spread_delays_over_the_whole_range() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 7);
        long below = 0;
        for (int i = 0; i < 10_000; i++) {
            Duration delay = backoff.delay(1, Optional.empty());
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(1));
            below += delay.compareTo(Duration.ofMillis(500)) < 0 ? 1 : 0;
        }
        // Uniform on [0, 1 s]: half below 0.5 s; 10,000 draws put that within 5,000 +- 200 (4 standard deviations).
        assertThat(below).isBetween(4_800L, 5_200L);
    }

    @Test
    void should_wait_as_long_as_the_server_asks_when_that_is_longer() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(100), 1);

        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(5)))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void should_keep_its_own_delay_when_the_server_asks_for_less() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 1);
        Duration own = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 1).delay(1, Optional.empty());

        assertThat(own).isGreaterThan(Duration.ofNanos(1));
        assertThat(backoff.delay(1, Optional.of(Duration.ofNanos(1)))).isEqualTo(own);
    }
}
