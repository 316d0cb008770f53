package dev.distill4j.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol with nothing but the JDK's WebSocket client, so a
 * test can see the report as a reader does: did every image decode, is every section there, what does it look
 * like. One browser per instance, in a fresh profile folder that {@link #close()} deletes.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Debian's path; {@code -Ddistill4j.chromium=PATH} names another (a distribution that calls it chromium-browser). */
    static final Path BINARY = Path.of(System.getProperty("distill4j.chromium", "/usr/bin/chromium"));
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final Deque<String> stderrTail;
    private final DevTools browser;

    private HeadlessChromium(Process process, Path profile, Deque<String> stderrTail, DevTools browser) {
        this.process = process;
        this.profile = profile;
        this.stderrTail = stderrTail;
        this.browser = browser;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Why a test cannot run here, in words that say how to fix it. */
    public static String missingMessage() {
        return "Chromium is not installed at " + BINARY + "; the report's browser test needs it. Install it with "
                + "`apt-get install -y chromium` (.ci/run does so in CI), or name its path with -Ddistill4j.chromium=PATH.";
    }

    public static HeadlessChromium start() throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException(missingMessage());
        }
        Path profile = Files.createTempDirectory("distill4j-chromium-");
        // Every switch that would make Chromium reach the network on its own is off: the report must load with none.
        List<String> command = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Deque<String> tail = new ArrayDeque<>();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        // Chromium writes its DevTools address to stderr, then keeps logging there; the pipe must be drained for
        // the whole life of the process or Chromium blocks once it is full.
        Thread reader = Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IOException("Chromium closed its stderr without a DevTools address"));
        });
        try {
            String ws = endpoint.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            return new HeadlessChromium(process, profile, tail, DevTools.connect(URI.create(ws), tail));
        } catch (ExecutionException | TimeoutException | IOException e) {
            process.destroyForcibly();
            deleteQuietly(profile);
            reader.interrupt();
            throw new IOException("Chromium did not start: " + e.getMessage() + "; its last output:\n" + String.join("\n", snapshot(tail)), e);
        }
    }

    /** A new tab showing {@code url} once its load event fired, at a {@code width} × {@code height} CSS-pixel viewport. */
    public Tab open(URI url, int width, int height) throws IOException, InterruptedException {
        String targetId = browser.call("Target.createTarget", obj().put("url", "about:blank")).get("targetId").asText();
        URI browserUri = browser.uri;
        URI pageUri = URI.create("ws://" + browserUri.getAuthority() + "/devtools/page/" + targetId);
        Tab tab = new Tab(DevTools.connect(pageUri, stderrTail));
        tab.devTools.call("Page.enable", obj());
        tab.devTools.call("Network.enable", obj());
        tab.devTools.call("Emulation.setDeviceMetricsOverride",
                obj().put("width", width).put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
        // A scrollbar would take its width out of the page; a screenshot should be the page at the width asked for.
        tab.devTools.call("Emulation.setScrollbarsHidden", obj().put("hidden", true));
        CompletableFuture<JsonNode> loaded = tab.devTools.next("Page.loadEventFired");
        JsonNode navigated = tab.devTools.call("Page.navigate", obj().put("url", url.toString()));
        if (navigated.hasNonNull("errorText")) {
            throw new IOException("Chromium could not open " + url + ": " + navigated.get("errorText").asText());
        }
        await(loaded, "the load event of " + url, stderrTail);
        return tab;
    }

    /** One page of the browser. */
    public final class Tab {
        private final DevTools devTools;

        private Tab(DevTools devTools) {
            this.devTools = devTools;
        }

        /** Every URL the page asked for since it was opened, in order. */
        public List<String> requestedUrls() {
            return List.copyOf(devTools.requests);
        }

        /** The value of a JavaScript expression (returned by value, so it must be JSON-serialisable). */
        public JsonNode evaluate(String expression) throws IOException, InterruptedException {
            JsonNode reply = devTools.call("Runtime.evaluate", obj().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
            if (reply.has("exceptionDetails")) {
                throw new IOException("JavaScript threw: " + reply.get("exceptionDetails"));
            }
            return reply.path("result").path("value");
        }

        /** A PNG of the whole page, not only the viewport. */
        public byte[] screenshot() throws IOException, InterruptedException {
            JsonNode size = devTools.call("Page.getLayoutMetrics", obj()).get("cssContentSize");
            ObjectNode clip = obj().put("x", 0).put("y", 0).put("width", size.get("width").asDouble()).put("height", size.get("height").asDouble())
                    .put("scale", 1);
            ObjectNode params = obj().put("format", "png").put("captureBeyondViewport", true);
            params.set("clip", clip);
            return Base64.getDecoder().decode(devTools.call("Page.captureScreenshot", params).get("data").asText());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            browser.send("Browser.close", obj());
        } catch (RuntimeException e) {
            // Already gone; the process is ended below either way.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        browser.socket.abort();
        deleteQuietly(profile);
    }

    /** One DevTools WebSocket: numbered calls matched to their replies, and events handed to waiters. */
    private static final class DevTools implements WebSocket.Listener {
        private final URI uri;
        private final Deque<String> stderrTail;
        private final AtomicLong ids = new AtomicLong();
        private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools connect(URI uri, Deque<String> stderrTail) throws IOException, InterruptedException {
            DevTools devTools = new DevTools(uri, stderrTail);
            try {
                devTools.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CALL).buildAsync(uri, devTools)
                        .get(CALL.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("cannot connect to Chromium's DevTools at " + uri + ": " + e.getMessage(), e);
            }
            return devTools;
        }

        private DevTools(URI uri, Deque<String> stderrTail) {
            this.uri = uri;
            this.stderrTail = stderrTail;
            listeners.add(event -> {
                if (event.path("method").asText().equals("Network.requestWillBeSent")) {
                    requests.add(event.path("params").path("request").path("url").asText());
                }
            });
        }

        JsonNode call(String method, ObjectNode params) throws IOException, InterruptedException {
            return await(send(method, params), method, stderrTail);
        }

        CompletableFuture<JsonNode> send(String method, ObjectNode params) {
            long id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode message = obj().put("id", id).put("method", method);
            message.set("params", params);
            socket.sendText(message.toString(), true);
            return reply;
        }

        /** The next event named {@code method}; register before the action that causes it. */
        CompletableFuture<JsonNode> next(String method) {
            CompletableFuture<JsonNode> event = new CompletableFuture<>();
            Consumer<JsonNode> listener = new Consumer<>() {
                @Override
                public void accept(JsonNode message) {
                    if (message.path("method").asText().equals(method) && event.complete(message.path("params"))) {
                        listeners.remove(this);
                    }
                }
            };
            listeners.add(listener);
            return event;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            // A screenshot arrives in many frames; only the last one completes the message.
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = Json.MAPPER.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asLong());
                        if (reply != null) {
                            if (message.has("error")) {
                                reply.completeExceptionally(new IOException("DevTools error: " + message.get("error")));
                            } else {
                                reply.complete(message.path("result"));
                            }
                        }
                    } else {
                        listeners.forEach(l -> l.accept(message));
                    }
                } catch (IOException e) {
                    pending.values().forEach(p -> p.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(p -> p.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(p -> p.completeExceptionally(new IOException("DevTools connection closed: " + statusCode + " " + reason)));
            return null;
        }
    }

    private static JsonNode await(CompletableFuture<JsonNode> future, String what, Deque<String> stderrTail) throws IOException, InterruptedException {
        try {
            return future.get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + ": no answer from Chromium in " + CALL.toSeconds() + " s; its last output:\n"
                    + String.join("\n", snapshot(stderrTail)), e);
        }
    }

    private static ObjectNode obj() {
        return Json.MAPPER.createObjectNode();
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Chromium may still be flushing its profile; a leftover temp folder is harmless.
                }
            });
        } catch (IOException e) {
            // Same: best effort.
        }
    }
}
