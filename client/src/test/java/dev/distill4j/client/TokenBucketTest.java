package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void should_pass_a_full_minute_of_requests_without_waiting() throws Exception {
        TokenBucket bucket = TokenBucket.perMinute("requests", 60, clock, clock);

        for (int i = 0; i < 60; i++) {
            bucket.acquire(1);
        }

        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void should_make_the_request_past_the_limit_wait_for_its_refill() throws Exception {
        // 60 per minute refills one a second.
        TokenBucket bucket = TokenBucket.perMinute("requests", 60, clock, clock);
        for (int i = 0; i < 60; i++) {
            bucket.acquire(1);
        }

        bucket.acquire(1);
        bucket.acquire(1);

        // The second late request waits behind the first: 1 s, then 1 s more after the first's sleep moved the clock.
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void should_queue_callers_that_arrive_together_one_refill_apart() {
        TokenBucket bucket = TokenBucket.perMinute("tokens", 600, clock, clock);
        bucket.reserve(600);

        // 600 per minute is 10 a second: 100 tokens take 10 s, the next 50 another 5 s.
        assertThat(bucket.reserve(100)).isEqualTo(Duration.ofSeconds(10));
        assertThat(bucket.reserve(50)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void should_refill_with_time_but_never_above_capacity() {
        TokenBucket bucket = TokenBucket.perMinute("tokens", 600, clock, clock);
        bucket.reserve(600);

        clock.advance(Duration.ofSeconds(30));
        assertThat(bucket.available()).isEqualTo(300.0);
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.available()).isEqualTo(600.0);
    }

    @Test
    void should_refuse_a_request_larger_than_the_bucket() {
        TokenBucket bucket = TokenBucket.perMinute("tokens", 1000, clock, clock);

        assertThatThrownBy(() -> bucket.acquire(1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001 tokens can never pass a limit of 1000 tokens");
    }
}
