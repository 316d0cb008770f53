package dev.distill4j.client;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides whether a failed teacher call is worth sending again (STYLE habit 5).
 *
 * <p>Retriable: 429, 408, 5xx except 501, time-outs, refused or reset connections, bodies that are not a chat
 * completion (malformed or truncated JSON). Not retriable: every other 4xx, 501. Messages keep what the server
 * said, shortened, with the API key cut out: OpenAI echoes a (masked) key in its 401 text, and other servers
 * may echo it whole.
 */
public final class FailureClassifier {
    private static final int MAX_MESSAGE_CHARS = 400;

    private final InstantSource wallClock;

    /** @param wallClock the wall clock, against which a Retry-After HTTP-date is read */
    public FailureClassifier(InstantSource wallClock) {
        this.wallClock = wallClock;
    }

    /** The failure an HTTP status means. */
    public TeacherException forStatus(String endpoint, int status, String retryAfterMs, String retryAfter, String serverMessage,
            Throwable cause) {
        String message = endpoint + ": HTTP " + status + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage);
        FailureKind kind = kindOfStatus(status);
        if (kind.retriable()) {
            Duration wait = RetryAfter.parse(retryAfterMs, retryAfter, wallClock.instant()).orElse(null);
            return new RetriableTeacherException(kind, endpoint, status, wait, message, cause);
        }
        return new NonRetriableTeacherException(kind, endpoint, status, message, cause);
    }

    /**
     * The failure a throwable from the OpenAI SDK means.
     *
     * @param secret the endpoint's API key, cut out of every message; null when it has none
     */
    public TeacherException classify(String endpoint, RuntimeException failure, String secret) {
        if (failure instanceof TeacherException classified) {
            return classified;
        }
        if (failure instanceof OpenAIServiceException service) {
            Headers headers = service.headers();
            return forStatus(endpoint, service.statusCode(), first(headers, "retry-after-ms"), first(headers, "retry-after"),
                    redact(service.getMessage(), secret), null);
        }
        String detail = redact(describe(failure), secret);
        if (failure instanceof OpenAIInvalidDataException) {
            // A read that broke off mid-body surfaces here too, as the JSON parser's complaint.
            return new RetriableTeacherException(FailureKind.MALFORMED_RESPONSE, endpoint, 0, null,
                    endpoint + ": the answer is not a readable chat completion: " + detail, null);
        }
        if (failure instanceof OpenAIIoException || failure instanceof OpenAIRetryableException) {
            FailureKind kind = isTimeout(failure) ? FailureKind.TIMEOUT : FailureKind.CONNECTION;
            return new RetriableTeacherException(kind, endpoint, 0, null, endpoint + ": " + detail, null);
        }
        throw failure;
    }

    /**
     * A 200 whose body cannot be used as the answer it should be (truncated, malformed, the wrong shape): retriable, as a
     * body that broke off mid-read is.
     *
     * @param what   what the body should have been, such as "a scored completion"
     * @param secret the endpoint's API key, cut out of the message; null when it has none
     */
    public TeacherException unreadable(String endpoint, String what, String detail, String secret) {
        return new RetriableTeacherException(FailureKind.MALFORMED_RESPONSE, endpoint, 200, null,
                endpoint + ": the answer is not " + what + ": " + redact(detail, secret), null);
    }

    /**
     * An endpoint that answers, but cannot do what the call needs (a server that ignores a parameter the call depends
     * on): asking again gets the same answer.
     */
    public TeacherException unsupported(String endpoint, String message) {
        return new NonRetriableTeacherException(FailureKind.BAD_REQUEST, endpoint, 200, endpoint + ": " + message, null);
    }

    /** The kind of failure an HTTP status is (a batch's error file reports statuses, not exceptions). */
    public static FailureKind kindOf(int status) {
        return kindOfStatus(status);
    }

    static FailureKind kindOfStatus(int status) {
        return switch (status) {
            case 429 -> FailureKind.RATE_LIMITED;
            case 408 -> FailureKind.TIMEOUT;
            case 401, 403 -> FailureKind.AUTH;
            case 404 -> FailureKind.NOT_FOUND;
            // 501 Not Implemented is the server saying "never", not "not now".
            case 501 -> FailureKind.BAD_REQUEST;
            default -> status >= 500 && status <= 599 ? FailureKind.SERVER_ERROR : FailureKind.BAD_REQUEST;
        };
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // OkHttp's whole-call time-out is a bare InterruptedIOException("timeout"); a read time-out is its subclass.
            if (t instanceof SocketTimeoutException
                    || (t instanceof InterruptedIOException && !(t instanceof java.nio.channels.ClosedByInterruptException)
                        && "timeout".equals(t.getMessage()))) {
                return true;
            }
            if (t instanceof SocketException || t instanceof EOFException) {
                return false;
            }
        }
        return false;
    }

    /** The throwable and its causes, type and message each, so a log says "reset" rather than "I/O error". */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < MAX_MESSAGE_CHARS; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        String clean = secret == null || secret.isEmpty() ? text : text.replace(secret, "[api key]");
        return clean.length() <= MAX_MESSAGE_CHARS ? clean : clean.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static String first(Headers headers, String name) {
        List<String> values = headers.values(name);
        return Optional.ofNullable(values).filter(list -> !list.isEmpty()).map(List::getFirst).orElse(null);
    }
}
