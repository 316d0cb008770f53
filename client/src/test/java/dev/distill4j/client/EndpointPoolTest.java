package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointPoolTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void should_share_the_load_in_proportion_to_the_weights() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("big", 3), endpoint("small", 1)), 5, Duration.ofSeconds(30), clock, 11);

        int big = 0;
        for (int i = 0; i < 10_000; i++) {
            big += pool.choose(null).orElseThrow().name().equals("big") ? 1 : 0;
        }

        // 3 : 1 is 75 %; the binomial standard deviation over 10,000 draws is about 43, so +-200 is over 4 of them.
        assertThat(big).isBetween(7_300, 7_700);
    }

    @Test
    void should_skip_an_endpoint_whose_breaker_is_open() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 1_000), endpoint("b", 1)), 1, Duration.ofSeconds(30), clock, 1);
        pool.breaker("a").onFailure();

        for (int i = 0; i < 100; i++) {
            assertThat(pool.choose(null).orElseThrow().name()).isEqualTo("b");
        }
    }

    @Test
    void should_avoid_the_endpoint_that_just_failed_while_another_is_available() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 1_000), endpoint("b", 1)), 5, Duration.ofSeconds(30), clock, 1);

        assertThat(pool.choose("a").orElseThrow().name()).isEqualTo("b");
    }

    @Test
    void should_still_choose_the_endpoint_that_failed_when_it_is_the_only_one() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 1)), 5, Duration.ofSeconds(30), clock, 1);

        assertThat(pool.choose("a").orElseThrow().name()).isEqualTo("a");
    }

    @Test
    void should_have_nothing_to_offer_while_every_breaker_is_open_and_say_for_how_long() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 1), endpoint("b", 1)), 1, Duration.ofSeconds(30), clock, 1);
        pool.breaker("a").onFailure();
        clock.advance(Duration.ofSeconds(10));
        pool.breaker("b").onFailure();

        assertThat(pool.choose(null)).isEmpty();
        assertThat(pool.untilAvailable()).isEqualTo(Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(20));
        assertThat(pool.choose(null).orElseThrow().name()).isEqualTo("a");
        assertThat(pool.breaker("a").state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void should_hold_back_an_endpoint_for_the_wait_its_server_asked_for() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 1_000), endpoint("b", 1)), 5, Duration.ofSeconds(30), clock, 1);

        pool.holdOff("a", Duration.ofSeconds(60));

        assertThat(pool.hasAlternativeTo("a")).isTrue();
        assertThat(pool.hasAlternativeTo("b")).isFalse();
        assertThat(pool.choose(null).orElseThrow().name()).isEqualTo("b");
        clock.advance(Duration.ofSeconds(60));
        assertThat(pool.choose("b").orElseThrow().name()).isEqualTo("a");
    }

    @Test
    void should_count_a_hold_off_in_the_time_until_an_endpoint_is_available() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 1)), 5, Duration.ofSeconds(30), clock, 1);

        pool.holdOff("a", Duration.ofSeconds(12));

        assertThat(pool.choose(null)).isEmpty();
        assertThat(pool.untilAvailable()).isEqualTo(Duration.ofSeconds(12));
    }

    private static TeacherEndpoint endpoint(String name, double weight) {
        return TeacherEndpoint.builder().name(name).baseUrl("http://127.0.0.1:9/v1").model("m").weight(weight).build();
    }
}
