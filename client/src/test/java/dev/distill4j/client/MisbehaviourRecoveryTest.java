package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.distill4j.client.MisbehavingServer.Behaviour;
import dev.distill4j.core.ChatMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a server misbehaves is retried to success, or, when no time is left, reported with its cause. */
class MisbehaviourRecoveryTest {
    private static final ChatCall HELLO = ChatCall.builder().messages(List.of(ChatMessage.user("hello"))).build();

    private final FakeClock clock = new FakeClock();
    private final MisbehavingServer server = TeacherClientTest.newServer();
    private TeacherClient client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    static Stream<Arguments> misbehaviours() {
        return Stream.of(
                Arguments.of(MisbehavingServer.rateLimited("1"), FailureKind.RATE_LIMITED, 429),
                Arguments.of(MisbehavingServer.status(500), FailureKind.SERVER_ERROR, 500),
                Arguments.of(MisbehavingServer.status(502), FailureKind.SERVER_ERROR, 502),
                Arguments.of(MisbehavingServer.status(503), FailureKind.SERVER_ERROR, 503),
                Arguments.of(MisbehavingServer.status(504), FailureKind.SERVER_ERROR, 504),
                Arguments.of(new MisbehavingServer.Hang(), FailureKind.TIMEOUT, 0),
                Arguments.of(new MisbehavingServer.Reset(), FailureKind.CONNECTION, 0),
                Arguments.of(new MisbehavingServer.Malformed(), FailureKind.MALFORMED_RESPONSE, 0),
                Arguments.of(new MisbehavingServer.Truncated(), FailureKind.MALFORMED_RESPONSE, 0),
                Arguments.of(new MisbehavingServer.CutJson(), FailureKind.MALFORMED_RESPONSE, 0),
                Arguments.of(new MisbehavingServer.WrongShape(), FailureKind.MALFORMED_RESPONSE, 0));
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("misbehaviours")
    void should_retry_a_misbehaving_answer_to_success(Behaviour misbehaviour, FailureKind kind, int status) throws Exception {
        server.script(misbehaviour, misbehaviour);
        client = clientBuilder().requestDeadline(Duration.ofMinutes(5)).build();

        TeacherResult result = client.call(HELLO);

        assertThat(result.choices()).extracting(Completion::text).containsExactly("reply 0 to hello");
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(server.requests()).isEqualTo(3);
        assertThat(clock.sleeps()).hasSize(2);
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("misbehaviours")
    void should_report_the_cause_when_the_deadline_leaves_no_time_to_retry(Behaviour misbehaviour, FailureKind kind, int status)
            throws Exception {
        server.otherwise(misbehaviour);
        // A 1 ns deadline: every backoff wait but an exact zero (one draw in 2e9) runs past it, so the first failure is the last.
        client = clientBuilder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)).requestDeadline(Duration.ofNanos(1)).build();

        var failure = catchThrowableOfType(RetriableTeacherException.class, () -> client.call(HELLO));

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.endpoint()).isEqualTo("a");
        assertThat(failure.getMessage()).startsWith("a: ");
        assertThat(server.requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void should_wait_until_the_http_date_the_server_gave() throws Exception {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
        server.script(MisbehavingServer.rateLimited(inThirtySeconds));
        client = clientBuilder().wallClock(InstantSource.fixed(now)).requestDeadline(Duration.ofMinutes(5)).build();

        client.call(HELLO);

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void should_give_up_when_the_server_asks_for_a_wait_past_the_deadline() throws Exception {
        server.otherwise(MisbehavingServer.rateLimited("120"));
        client = clientBuilder().requestDeadline(Duration.ofMinutes(1)).build();

        var failure = catchThrowableOfType(RetriableTeacherException.class, () -> client.call(HELLO));

        assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.retryAfter()).contains(Duration.ofMinutes(2));
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void should_take_a_slow_answer_within_the_time_out() throws Exception {
        server.script(new MisbehavingServer.Slow(Duration.ofMillis(100)));
        client = clientBuilder().build();

        TeacherResult result = client.call(HELLO);

        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.choices()).extracting(Completion::text).containsExactly("reply 0 to hello");
    }

    @Test
    void should_time_out_an_answer_slower_than_the_time_out() throws Exception {
        server.otherwise(new MisbehavingServer.Slow(Duration.ofSeconds(3)));
        client = clientBuilder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)).requestDeadline(Duration.ofNanos(1)).build();

        var failure = catchThrowableOfType(RetriableTeacherException.class, () -> client.call(HELLO));

        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(server.requests()).isEqualTo(1);
    }

    private TeacherClient.Builder clientBuilder() {
        TeacherEndpoint endpoint = TeacherEndpoint.builder().name("a").baseUrl(server.baseUrl()).model("teacher-model")
                .timeout(Duration.ofMillis(300)).build();
        return TeacherClient.builder().endpoint(endpoint).clock(clock, clock).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .breaker(10, Duration.ofSeconds(30)).seed(3);
    }
}
