package dev.distill4j.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenAI-shaped server on loopback that can be told how to misbehave, request by request.
 *
 * <p>It is a raw {@link ServerSocket} rather than {@code com.sun.net.httpserver}, because only a raw socket can
 * reset a connection (SO_LINGER 0) or break a body off mid-way. Every connection carries one request and closes
 * ({@code Connection: close}), so no client-side connection reuse blurs what a test counts.
 *
 * <p>A good answer has {@code n} choices (1 when the request sent none); choice {@code i} reads
 * {@code "reply <i> to <last message>"}, plus {@code " seed <s>"} when the request had a seed; with logprobs
 * asked, each choice has the tokens of {@link #LOGPROB_TOKENS}; usage is 7 prompt and 3 completion tokens per choice.
 */
public final class MisbehavingServer implements AutoCloseable {
    /** Tokens, logprobs and top alternatives of every choice when logprobs are asked for. */
    static final List<Object[]> LOGPROB_TOKENS = List.of(
            new Object[] {"re", -0.25, "ra", -1.5},
            new Object[] {"ply", -0.125, "pla", -2.25});

    /** What the server does with one request. */
    public sealed interface Behaviour {}

    public record Answer() implements Behaviour {}

    /** Answers n > 1 with a 400 that names n, like providers whose models sample one choice per request. */
    public record RejectN() implements Behaviour {}

    /** Ignores n and answers one choice, as some servers do without a word. */
    public record IgnoreN() implements Behaviour {}

    public record Status(int code, Map<String, String> headers, String body) implements Behaviour {}

    /** Reads the request and never answers, until the server closes. */
    public record Hang() implements Behaviour {}

    /** Reads the request and resets the connection (RST) without a byte of answer. */
    public record Reset() implements Behaviour {}

    /** Answers 200 with a body that is not JSON. */
    public record Malformed() implements Behaviour {}

    /** Answers 200 with a good body's headers, sends half the body and closes. */
    public record Truncated() implements Behaviour {}

    /** Answers 200 with the first half of a good body, framed as if it were whole: valid HTTP, cut-off JSON. */
    public record CutJson() implements Behaviour {}

    /** Answers 200 with JSON that is not a chat completion (no choices). */
    public record WrongShape() implements Behaviour {}

    public record Slow(Duration delay) implements Behaviour {}

    /** Answers 401 with a message that echoes the bearer token, as careless servers do. */
    public record EchoKeyUnauthorized() implements Behaviour {}

    public static Behaviour status(int code) {
        return new Status(code, Map.of(), "{\"error\":{\"message\":\"status " + code + "\",\"type\":\"server_error\"}}");
    }

    public static Behaviour rateLimited(String retryAfter) {
        return new Status(429, Map.of("Retry-After", retryAfter),
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
    }

    private final ServerSocket socket;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private volatile Behaviour otherwise = new Answer();
    private volatile Replier replier = (last, index, seed) -> "reply " + index + " to " + last + (seed == null ? "" : " seed " + seed);
    private volatile BodyReplier bodyReplier;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    public MisbehavingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        handlers.submit(this::acceptLoop);
    }

    /** The next requests, in order; after them, {@link #otherwise}. */
    public MisbehavingServer script(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** What a good answer's choices say, for tests that grade them (a verifier that passes some and fails others). */
    @FunctionalInterface
    public interface Replier {
        String reply(String lastMessage, int choiceIndex, Long seed);
    }

    public MisbehavingServer replies(Replier replier) {
        this.replier = replier;
        this.bodyReplier = null;
        return this;
    }

    /** What a good answer's choices say, decided from the whole request body (a judge's reply depends on every message). */
    @FunctionalInterface
    public interface BodyReplier {
        String reply(JsonNode body, int choiceIndex);
    }

    public MisbehavingServer replies(BodyReplier replier) {
        this.bodyReplier = replier;
        return this;
    }

    /** What every request gets once the script is used up (a good answer unless told). */
    public MisbehavingServer otherwise(Behaviour behaviour) {
        this.otherwise = behaviour;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    public int requests() {
        return requests.get();
    }

    public int peakInFlight() {
        return peakInFlight.get();
    }

    public List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    /** A request body with the moment it was read, for tests that compare with when answers were stored. */
    public record Received(java.time.Instant at, JsonNode body) {}

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
        handlers.shutdownNow();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                handlers.submit(() -> handle(connection));
            } catch (IOException closedNow) {
                return;
            }
        }
    }

    private void handle(Socket connection) {
        try (connection) {
            Request request = Request.read(connection.getInputStream());
            if (request == null) {
                return;
            }
            requests.incrementAndGet();
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (!request.line().startsWith("POST /v1/chat/completions ")) {
                    write(connection, 404, Map.of(), "{\"error\":{\"message\":\"no route " + request.line() + "\"}}");
                    return;
                }
                authorizations.add(request.headers().getOrDefault("authorization", ""));
                JsonNode body = Json.MAPPER.readTree(request.body());
                bodies.add(body);
                received.add(new Received(java.time.Instant.now(), body));
                Behaviour behaviour = script.poll();
                misbehave(connection, behaviour == null ? otherwise : behaviour, body, request);
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            // The client went away or the server is closing: nothing to answer.
        }
    }

    private void misbehave(Socket connection, Behaviour behaviour, JsonNode body, Request request)
            throws IOException, InterruptedException {
        switch (behaviour) {
            case Answer a -> write(connection, 200, Map.of(), answer(body, body.path("n").asInt(1)));
            case RejectN r -> {
                if (body.path("n").asInt(1) > 1) {
                    write(connection, 400, Map.of(), "{\"error\":{\"message\":\"n must be 1 for this model\","
                            + "\"type\":\"invalid_request_error\",\"param\":\"n\",\"code\":null}}");
                } else {
                    write(connection, 200, Map.of(), answer(body, 1));
                }
            }
            case IgnoreN i -> write(connection, 200, Map.of(), answer(body, 1));
            case Status s -> write(connection, s.code(), s.headers(), s.body());
            case Hang h -> closed.await();
            case Reset r -> {
                connection.setSoLinger(true, 0);
                connection.close();
            }
            case Malformed m -> write(connection, 200, Map.of(), "{\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0, oops");
            case Truncated t -> {
                byte[] whole = answer(body, 1).getBytes(StandardCharsets.UTF_8);
                OutputStream out = connection.getOutputStream();
                out.write(head(200, Map.of(), whole.length));
                out.write(whole, 0, whole.length / 2);
                out.flush();
            }
            case CutJson c -> {
                String whole = answer(body, 1);
                write(connection, 200, Map.of(), whole.substring(0, whole.length() / 2));
            }
            case WrongShape w -> write(connection, 200, Map.of(), "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}");
            case Slow s -> {
                Thread.sleep(s.delay());
                write(connection, 200, Map.of(), answer(body, body.path("n").asInt(1)));
            }
            case EchoKeyUnauthorized e -> {
                String token = request.headers().getOrDefault("authorization", "").replaceFirst("^Bearer ", "");
                write(connection, 401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided: " + token
                        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
            }
        }
    }

    private String answer(JsonNode body, int choices) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("id", "chatcmpl-test");
        answer.put("object", "chat.completion");
        answer.put("created", 1_700_000_000L);
        answer.put("model", body.path("model").asText());
        JsonNode messages = body.path("messages");
        String last = messages.get(messages.size() - 1).path("content").asText();
        Long seed = body.has("seed") ? body.get("seed").asLong() : null;
        ArrayNode list = answer.putArray("choices");
        for (int i = 0; i < choices; i++) {
            ObjectNode choice = list.addObject();
            choice.put("index", i);
            BodyReplier byBody = bodyReplier;
            choice.putObject("message").put("role", "assistant").put("content", byBody != null ? byBody.reply(body, i) : replier.reply(last, i, seed));
            choice.put("finish_reason", "stop");
            if (body.path("logprobs").asBoolean(false)) {
                ArrayNode content = choice.putObject("logprobs").putArray("content");
                int top = body.path("top_logprobs").asInt(0);
                for (Object[] token : LOGPROB_TOKENS) {
                    ObjectNode entry = content.addObject().put("token", (String) token[0]).put("logprob", (double) token[1]);
                    entry.putNull("bytes");
                    ArrayNode alternatives = entry.putArray("top_logprobs");
                    if (top >= 1) {
                        alternatives.addObject().put("token", (String) token[0]).put("logprob", (double) token[1]).putNull("bytes");
                    }
                    if (top >= 2) {
                        alternatives.addObject().put("token", (String) token[2]).put("logprob", (double) token[3]).putNull("bytes");
                    }
                }
            } else {
                choice.putNull("logprobs");
            }
        }
        answer.putObject("usage").put("prompt_tokens", 7).put("completion_tokens", 3 * choices)
                .put("total_tokens", 7 + 3 * choices);
        return answer.toString();
    }

    private static void write(Socket connection, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = connection.getOutputStream();
        out.write(head(status, headers, bytes.length));
        out.write(bytes);
        out.flush();
    }

    private static byte[] head(int status, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Status") + "\r\n");
        head.append("Content-Type: application/json\r\nContent-Length: ").append(length).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One HTTP/1.1 request: the request line, lower-cased headers, the body read by Content-Length. */
    private record Request(String line, Map<String, String> headers, byte[] body) {
        static Request read(InputStream in) throws IOException {
            String line = readLine(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            Map<String, String> headers = new TreeMap<>();
            for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new Request(line, headers, in.readNBytes(length));
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
