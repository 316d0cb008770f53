package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.distill4j.core.ChatMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link ChatWire} promises; a new protocol passes this before anything else (STYLE habit 6). */
abstract class ChatWireContract {
    protected final MisbehavingServer server = TeacherClientTest.newServer();
    private final ChatWire wire = newWire();

    /** A wire that speaks to {@link MisbehavingServer}. */
    protected abstract ChatWire newWire();

    @AfterEach
    void close() throws Exception {
        wire.close();
        server.close();
    }

    @Test
    void should_return_n_choices_indexed_from_zero_with_one_attempt() {
        ChatCall call = ChatCall.builder().messages(List.of(ChatMessage.user("q"))).n(3).build();

        TeacherResult result = wire.send(endpoint(), call);

        assertThat(result.endpoint()).isEqualTo("contract");
        assertThat(result.choices()).extracting(Completion::index).containsExactly(0, 1, 2);
        assertThat(result.choices()).extracting(Completion::text).containsExactly("reply 0 to q", "reply 1 to q", "reply 2 to q");
        assertThat(result.usage()).isEqualTo(new Usage(7, 9));
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void should_send_once_and_throw_a_retriable_failure_with_the_wait_the_server_asked_for() {
        server.script(MisbehavingServer.rateLimited("3"));

        var failure = catchThrowableOfType(RetriableTeacherException.class,
                () -> wire.send(endpoint(), ChatCall.builder().messages(List.of(ChatMessage.user("q"))).build()));

        assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(failure.endpoint()).isEqualTo("contract");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void should_throw_a_non_retriable_failure_for_a_missing_model() {
        server.script(MisbehavingServer.status(404));

        var failure = catchThrowableOfType(NonRetriableTeacherException.class,
                () -> wire.send(endpoint(), ChatCall.builder().messages(List.of(ChatMessage.user("q"))).build()));

        assertThat(failure.kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(failure.status()).isEqualTo(404);
    }

    private TeacherEndpoint endpoint() {
        return TeacherEndpoint.builder().name("contract").baseUrl(server.baseUrl()).model("teacher-model")
                .timeout(Duration.ofSeconds(2)).build();
    }
}
