package dev.distill4j.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback proxy in front of a real server that can lose one answer: it forwards a {@code POST /v1/batches}, lets the
 * server act on it, and closes the client's connection without a byte of the answer, as a connection that dies at
 * the wrong moment does. It can also answer one listing of batches with an empty list, as a provider whose listing
 * lags behind its creations does. Everything else passes through. It records what it forwarded.
 */
final class DroppingProxy implements AutoCloseable {
    private static final Set<String> FORWARDED_HEADERS = Set.of("authorization", "content-type");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String target;
    private final AtomicBoolean dropNextCreate = new AtomicBoolean();
    private final AtomicBoolean hideNextListing = new AtomicBoolean();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    DroppingProxy(OpenAiServer real) throws IOException {
        this.target = real.baseUrl().substring(0, real.baseUrl().length() - "/v1".length());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next batch creation reaches the server, and its answer never reaches the client. */
    void dropNextCreate() {
        dropNextCreate.set(true);
    }

    /** The next {@code GET /v1/batches} is answered with an empty list, without reaching the server. */
    void hideNextListing() {
        hideNextListing.set(true);
    }

    /** "METHOD path" of every request forwarded. */
    List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            if (method.equals("GET") && uri.getPath().equals("/v1/batches") && hideNextListing.compareAndSet(true, false)) {
                byte[] empty = "{\"object\":\"list\",\"data\":[],\"first_id\":null,\"last_id\":null,\"has_more\":false}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, empty.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(empty);
                }
                return;
            }
            forwarded.add(method + " " + uri.getPath());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + uri)).timeout(Duration.ofSeconds(60))
                    .method(method, body.length == 0 && method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (method.equals("POST") && uri.getPath().equals("/v1/batches") && dropNextCreate.compareAndSet(true, false)) {
                return; // closing the exchange unanswered: the client reads an end of stream
            }
            answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
