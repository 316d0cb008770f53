package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final FailureClassifier classifier = new FailureClassifier(InstantSource.fixed(NOW));

    @ParameterizedTest(name = "HTTP {0} is {1}, retriable {2}")
    @CsvSource({
        "429, RATE_LIMITED, true",
        "500, SERVER_ERROR, true",
        "502, SERVER_ERROR, true",
        "503, SERVER_ERROR, true",
        "504, SERVER_ERROR, true",
        "408, TIMEOUT, true",
        "400, BAD_REQUEST, false",
        "422, BAD_REQUEST, false",
        "401, AUTH, false",
        "403, AUTH, false",
        "404, NOT_FOUND, false",
        "501, BAD_REQUEST, false",
    })
    void should_map_each_status_to_its_kind(int status, FailureKind kind, boolean retriable) {
        TeacherException failure = classifier.forStatus("a", status, null, null, "said so", null);

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.retriable()).isEqualTo(retriable);
        assertThat(failure).isInstanceOf(retriable ? RetriableTeacherException.class : NonRetriableTeacherException.class);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.getMessage()).isEqualTo("a: HTTP " + status + ": said so");
    }

    @Test
    void should_read_retry_after_in_seconds() {
        assertThat(classifier.forStatus("a", 429, null, "12", null, null).retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void should_read_retry_after_as_an_http_date() {
        TeacherException failure = classifier.forStatus("a", 503, null, "Mon, 23 Nov 2026 12:01:30 GMT", null, null);

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void should_read_a_date_already_past_as_no_wait() {
        TeacherException failure = classifier.forStatus("a", 503, null, "Mon, 23 Nov 2026 11:00:00 GMT", null, null);

        assertThat(failure.retryAfter()).contains(Duration.ZERO);
    }

    @Test
    void should_prefer_openais_milliseconds_header() {
        TeacherException failure = classifier.forStatus("a", 429, "1500", "2", null, null);

        assertThat(failure.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void should_ignore_a_retry_after_it_cannot_read() {
        assertThat(classifier.forStatus("a", 429, null, "soon", null, null).retryAfter()).isEmpty();
    }

    @Test
    void should_call_a_socket_time_out_a_time_out() {
        var failure = classifier.classify("a", new OpenAIIoException("Request failed", new SocketTimeoutException("Read timed out")), null);

        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(failure.retriable()).isTrue();
    }

    @Test
    void should_call_okhttps_whole_call_time_out_a_time_out() {
        var failure = classifier.classify("a", new OpenAIIoException("Request failed", new InterruptedIOException("timeout")), null);

        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    }

    @Test
    void should_call_a_reset_or_refusal_a_connection_failure() {
        var reset = classifier.classify("a", new OpenAIIoException("Request failed", new SocketException("Connection reset")), null);
        var refused = classifier.classify("a", new OpenAIIoException("Request failed", new ConnectException("Connection refused")), null);

        assertThat(reset.kind()).isEqualTo(FailureKind.CONNECTION);
        assertThat(refused.kind()).isEqualTo(FailureKind.CONNECTION);
        assertThat(reset.getMessage()).contains("Connection reset");
    }

    @Test
    void should_call_an_unreadable_body_malformed_and_retriable() {
        var failure = classifier.classify("a", new OpenAIInvalidDataException("Error reading response"), null);

        assertThat(failure.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(failure.retriable()).isTrue();
    }

    @Test
    void should_cut_the_key_out_of_every_message() {
        String key = "sk-live-secret";
        var failure = classifier.classify("a", new OpenAIIoException("Request failed", new SocketException("echo " + key)), key);

        assertThat(failure.getMessage()).doesNotContain(key).contains("echo [api key]");
    }

    @Test
    void should_let_a_programming_error_through_unclassified() {
        assertThatThrownBy(() -> classifier.classify("a", new IllegalStateException("bug"), null))
                .isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }
}
