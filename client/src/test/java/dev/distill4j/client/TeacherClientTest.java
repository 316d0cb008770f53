package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.distill4j.core.ChatMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TeacherClient against a real misbehaving server on loopback; waits are read off a fake clock. */
class TeacherClientTest {
    private static final ChatCall HELLO = ChatCall.builder().messages(List.of(ChatMessage.user("hello"))).build();

    private final FakeClock clock = new FakeClock();
    private final MisbehavingServer server = newServer();
    private TeacherClient client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void should_answer_with_the_servers_choices_and_usage() throws Exception {
        client = clientFor(endpoint("a", server));

        TeacherResult result = client.call(HELLO);

        assertThat(result.endpoint()).isEqualTo("a");
        assertThat(result.model()).isEqualTo("teacher-model");
        assertThat(result.choices()).extracting(Completion::text).containsExactly("reply 0 to hello");
        assertThat(result.choices()).extracting(Completion::finishReason).containsExactly("stop");
        assertThat(result.usage()).isEqualTo(new Usage(7, 3));
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void should_retry_a_rate_limit_after_the_server_says_so() throws Exception {
        server.script(MisbehavingServer.rateLimited("7"));
        // Jitter under 10 ms: the 7 s the server asked for is longer, so it is the wait.
        client = clientBuilder(endpoint("a", server)).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build();

        TeacherResult result = client.call(HELLO);

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(server.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void should_not_retry_a_401_and_never_show_the_key() throws Exception {
        String key = "sk-test-0123456789abcdef";
        server.otherwise(new MisbehavingServer.EchoKeyUnauthorized());
        TeacherEndpoint endpoint = TeacherEndpoint.builder().name("a").baseUrl(server.baseUrl()).model("teacher-model")
                .apiKey(ApiKeySource.environment("TEACHER_KEY")).build();
        client = clientBuilder(endpoint).environment(name -> name.equals("TEACHER_KEY") ? key : null).build();

        var failure = catchThrowableOfType(NonRetriableTeacherException.class, () -> client.call(HELLO));

        assertThat(failure.kind()).isEqualTo(FailureKind.AUTH);
        assertThat(failure.status()).isEqualTo(401);
        assertThat(server.requests()).isEqualTo(1);
        assertThat(server.authorizations()).containsExactly("Bearer " + key);
        assertThat(failure.getMessage()).contains("Incorrect API key provided").doesNotContain(key);
        assertThat(String.valueOf(failure)).doesNotContain(key);
        assertThat(endpoint.toString()).doesNotContain(key).contains("TEACHER_KEY");
    }

    @Test
    void should_not_retry_a_bad_request() throws Exception {
        server.otherwise(MisbehavingServer.status(422));
        client = clientFor(endpoint("a", server));

        var failure = catchThrowableOfType(NonRetriableTeacherException.class, () -> client.call(HELLO));

        assertThat(failure.kind()).isEqualTo(FailureKind.BAD_REQUEST);
        assertThat(server.requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void should_fail_over_to_the_second_server_when_the_first_keeps_failing() throws Exception {
        try (MisbehavingServer healthy = newServer()) {
            server.otherwise(MisbehavingServer.status(503));
            // A weight of a million to one makes the first server the choice whenever its breaker lets a request pass.
            TeacherEndpoint failing = TeacherEndpoint.builder().name("failing").baseUrl(server.baseUrl()).model("teacher-model")
                    .weight(1_000_000).build();
            client = clientBuilder(failing).endpoint(endpoint("healthy", healthy)).breaker(2, Duration.ofHours(1)).build();

            List<TeacherResult> results = List.of(client.call(HELLO), client.call(HELLO), client.call(HELLO));

            assertThat(results).extracting(TeacherResult::endpoint).containsOnly("healthy");
            // Calls 1 and 2 fail once on "failing" then pass on "healthy"; the second failure opens the breaker,
            // so call 3 goes straight to "healthy".
            assertThat(results).extracting(TeacherResult::attempts).containsExactly(2, 2, 1);
            assertThat(server.requests()).isEqualTo(2);
            assertThat(healthy.requests()).isEqualTo(3);
            assertThat(client.breaker("failing").state()).isEqualTo(CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void should_send_elsewhere_while_a_rate_limited_endpoint_waits_out_its_retry_after() throws Exception {
        try (MisbehavingServer other = newServer()) {
            server.script(MisbehavingServer.rateLimited("60"));
            TeacherEndpoint limited = TeacherEndpoint.builder().name("limited").baseUrl(server.baseUrl()).model("teacher-model")
                    .weight(1_000_000).build();
            client = clientBuilder(limited).endpoint(endpoint("other", other)).build();

            TeacherResult first = client.call(HELLO);
            TeacherResult second = client.call(HELLO);

            assertThat(first.endpoint()).isEqualTo("other");
            assertThat(first.attempts()).isEqualTo(2);
            // The 60 s belong to "limited" only: the retry on "other" waited just the backoff (at most 100 ms),
            // and the next call went to "other" while "limited" was still held back.
            assertThat(clock.sleeps()).hasSize(1).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(100)));
            assertThat(second.endpoint()).isEqualTo("other");
            assertThat(second.attempts()).isEqualTo(1);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void should_split_n_into_single_requests_when_the_server_rejects_it_and_remember() throws Exception {
        server.otherwise(new MisbehavingServer.RejectN());
        client = clientFor(endpoint("a", server));
        ChatCall three = ChatCall.builder().messages(List.of(ChatMessage.user("hi"))).n(3).seed(40L).build();

        TeacherResult first = client.call(three);
        TeacherResult second = client.call(three.withNAndSeed(2, 7L));

        // Distinct seeds per request, or a seeded server would return the same sample n times.
        assertThat(first.choices()).extracting(Completion::text)
                .containsExactly("reply 0 to hi seed 40", "reply 0 to hi seed 41", "reply 0 to hi seed 42");
        assertThat(first.choices()).extracting(Completion::index).containsExactly(0, 1, 2);
        assertThat(first.usage()).isEqualTo(new Usage(21, 9));
        assertThat(second.choices()).extracting(Completion::text).containsExactly("reply 0 to hi seed 7", "reply 0 to hi seed 8");
        // 1 rejected + 3 singles, then 2 singles: the endpoint was remembered as single-choice.
        assertThat(server.requests()).isEqualTo(6);
        assertThat(server.bodies().get(0).get("n").asInt()).isEqualTo(3);
        assertThat(server.bodies().subList(1, 6)).allSatisfy(body -> assertThat(body.has("n")).isFalse());
    }

    @Test
    void should_count_every_request_of_a_split_call_against_the_requests_per_minute() throws Exception {
        server.otherwise(new MisbehavingServer.RejectN());
        TeacherEndpoint limited = TeacherEndpoint.builder().name("a").baseUrl(server.baseUrl()).model("teacher-model")
                .requestsPerMinute(4).build();
        client = clientFor(limited);
        ChatCall three = ChatCall.builder().messages(List.of(ChatMessage.user("hi"))).n(3).build();

        client.call(three);
        client.call(three);

        // The first call was counted as 1 request (the split was not yet known), the second as 3: 4 of 4 used, no wait.
        // A third needs 3 more, which refill at one per 15 s: 45 s.
        assertThat(clock.sleeps()).isEmpty();
        client.call(three);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(45));
    }

    @Test
    void should_fetch_the_missing_choices_when_the_server_quietly_answers_one() throws Exception {
        server.otherwise(new MisbehavingServer.IgnoreN());
        client = clientFor(endpoint("a", server));
        ChatCall two = ChatCall.builder().messages(List.of(ChatMessage.user("hi"))).n(2).seed(5L).build();

        TeacherResult result = client.call(two);

        assertThat(result.choices()).extracting(Completion::text).containsExactly("reply 0 to hi seed 5", "reply 0 to hi seed 6");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void should_send_the_sampling_parameters_and_extras_and_read_logprobs() throws Exception {
        client = clientFor(endpoint("a", server));
        ChatCall call = ChatCall.builder()
                .messages(List.of(ChatMessage.system("be brief"), ChatMessage.user("2+2?")))
                .n(2).temperature(0.5).topP(0.75).maxTokens(64).stop(List.of("\n\n")).seed(9L)
                .logprobs(true).topLogprobs(2)
                .extra("top_k", dev.distill4j.core.Json.MAPPER.getNodeFactory().numberNode(20))
                .build();

        TeacherResult result = client.call(call);

        var body = server.bodies().getFirst();
        assertThat(body.get("model").asText()).isEqualTo("teacher-model");
        assertThat(body.get("messages").toString())
                .isEqualTo("[{\"content\":\"be brief\",\"role\":\"system\"},{\"content\":\"2+2?\",\"role\":\"user\"}]");
        assertThat(body.get("n").asInt()).isEqualTo(2);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.75);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.get("stop").toString()).isEqualTo("[\"\\n\\n\"]");
        assertThat(body.get("seed").asLong()).isEqualTo(9);
        assertThat(body.get("logprobs").asBoolean()).isTrue();
        assertThat(body.get("top_logprobs").asInt()).isEqualTo(2);
        assertThat(body.get("top_k").asInt()).isEqualTo(20);
        assertThat(result.choices()).hasSize(2);
        assertThat(result.choices().get(1).logprobs()).containsExactly(
                new TokenLogprob("re", -0.25, List.of(new TopLogprob("re", -0.25), new TopLogprob("ra", -1.5))),
                new TokenLogprob("ply", -0.125, List.of(new TopLogprob("ply", -0.125), new TopLogprob("pla", -2.25))));
    }

    @Test
    void should_keep_no_more_calls_in_flight_than_the_cap() throws Exception {
        server.otherwise(new MisbehavingServer.Slow(Duration.ofMillis(150)));
        client = clientBuilder(endpoint("a", server)).maxConcurrency(2).build();

        try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<TeacherResult>>();
            for (int i = 0; i < 6; i++) {
                futures.add(callers.submit(() -> client.call(HELLO)));
            }
            for (var future : futures) {
                assertThat(future.get().choices()).hasSize(1);
            }
        }

        assertThat(server.requests()).isEqualTo(6);
        assertThat(server.peakInFlight()).isEqualTo(2);
    }

    @Test
    void should_wait_out_the_cool_down_when_every_breaker_is_open() throws Exception {
        server.script(MisbehavingServer.status(500), MisbehavingServer.status(500));
        client = clientBuilder(endpoint("a", server)).breaker(2, Duration.ofSeconds(30)).build();

        TeacherResult result = client.call(HELLO);

        // Failure 2 opens the breaker; the backoff wait after it and the wait for the cool-down add up to the cool-down.
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(clock.sleeps()).hasSize(3);
        assertThat(clock.sleeps().get(1).plus(clock.sleeps().get(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(client.breaker("a").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void should_hold_calls_to_the_endpoints_requests_per_minute() throws Exception {
        TeacherEndpoint limited = TeacherEndpoint.builder().name("a").baseUrl(server.baseUrl()).model("teacher-model")
                .requestsPerMinute(2).build();
        client = clientFor(limited);

        for (int i = 0; i < 3; i++) {
            client.call(HELLO);
        }

        // 2 a minute refill one every 30 s: the third call waits 30 s.
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void should_refuse_to_send_without_the_key_it_was_told_to_use() {
        TeacherEndpoint endpoint = TeacherEndpoint.builder().name("a").baseUrl(server.baseUrl()).model("teacher-model")
                .apiKey(ApiKeySource.environment("UNSET_TEACHER_KEY")).build();
        client = clientBuilder(endpoint).environment(name -> null).build();

        var failure = catchThrowableOfType(NonRetriableTeacherException.class, () -> client.call(HELLO));

        assertThat(failure.kind()).isEqualTo(FailureKind.AUTH);
        assertThat(failure.getMessage()).isEqualTo("a: no API key: environment variable UNSET_TEACHER_KEY is empty or unset");
        assertThat(server.requests()).isZero();
    }

    static MisbehavingServer newServer() {
        try {
            return new MisbehavingServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static TeacherEndpoint endpoint(String name, MisbehavingServer server) {
        return TeacherEndpoint.builder().name(name).baseUrl(server.baseUrl()).model("teacher-model")
                .timeout(Duration.ofMillis(500)).build();
    }

    private TeacherClient clientFor(TeacherEndpoint endpoint) {
        return clientBuilder(endpoint).build();
    }

    private TeacherClient.Builder clientBuilder(TeacherEndpoint endpoint) {
        return TeacherClient.builder().endpoint(endpoint).clock(clock, clock).requestDeadline(Duration.ofMinutes(5))
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).seed(1);
    }
}
