package dev.distill4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.decoder.SlotKvCache;
import dev.distill4j.model.generate.ContinuousBatch;
import dev.distill4j.model.generate.Completion;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible server over a {@link LocalModel}: the routes, authentication, body limits, the request log and
 * graceful shutdown. Generation itself is the {@link BatchScheduler}'s; the response shapes are {@link OpenAiJson}'s.
 *
 * <pre>{@code
 * try (LocalModel model = LocalModel.load(dir); OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).build())) {
 *     System.out.println(server.baseUrl()); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 * The server does not own the model: close the server first, then the model.
 */
public final class OpenAiServer implements AutoCloseable {
    static final String CHAT = "/v1/chat/completions";
    static final String COMPLETIONS = "/v1/completions";
    static final String MODELS = "/v1/models";
    /** Rows of an answer are awaited in slices this long, so a gone client is noticed between them. */
    private static final long POLL_MILLIS = 100;
    /** How often the guard rescores the keys by default: how long an attack can run past the score that stops it. */
    public static final long GUARD_RESCORE_MILLIS = 2_000;
    /** How long a connection may stay silent: longer than any answer may wait in the queue and generate. */
    static final long IDLE_TIMEOUT_MILLIS = 30 * 60_000;
    /** Connections the kernel queues before the server accepts them. */
    static final int ACCEPT_QUEUE_SIZE = 2048;
    /** The guard's admin view. */
    static final String GUARD_STATUS = "/guard/status";

    private final ServeConfig config;
    private final ServedModel model;
    private final OpenAiJson json;
    private final RequestParser parser;
    private final Metrics metrics = new Metrics();
    /** The guard against distillation attacks; null on a server started without one. */
    private final GuardGate guardGate;
    private final BatchScheduler scheduler;
    private final AtomicInteger handlersInFlight = new AtomicInteger();
    private final HangUpWatcher hangUps = new HangUpWatcher();
    private final long createdAt = Instant.now().getEpochSecond();
    private final Javalin javalin;
    /** The batch API's state folder and runner; null on a server started without a state folder. */
    private final BatchState batchState;
    private final BatchRunner batchRunner;
    private volatile boolean closed;

    private OpenAiServer(LocalModel localModel, ServeConfig config) {
        this.config = config;
        String name = config.modelName() != null ? config.modelName()
                : localModel.dir() != null ? localModel.dir().toAbsolutePath().normalize().getFileName().toString() : "local-model";
        this.model = new ServedModel(localModel, name, config.maxPromptTokens());
        this.json = new OpenAiJson(model);
        this.parser = new RequestParser(model, config.maxN());
        int context = localModel.config().maxPositionEmbeddings();
        // Spare columns beyond the longest row make compaction of the KV cache rare (see SlotKvCache).
        int columns = context + Math.max(64, context / 4);
        int rows = rowsFor(config, columns);
        Integer eos = localModel.tokenizer().eosId().isPresent() ? localModel.tokenizer().eosId().getAsInt() : localModel.config().eosTokenId();
        ContinuousBatch batch = new ContinuousBatch(localModel.decoder(), tokens -> localModel.tokenizer().decode(tokens, true), eos, rows, columns);
        this.scheduler = new BatchScheduler(batch, config, metrics);
        BatchState state = null;
        BatchRunner runner = null;
        try {
            if (config.stateDir() != null) {
                state = BatchState.open(config.stateDir());
                runner = new BatchRunner(state, scheduler, parser, json, metrics, InstantSource.system(), config.maxBatchRequests(),
                        config.requestLog());
            }
        } catch (RuntimeException e) {
            if (state != null) {
                state.close();
            }
            scheduler.close();
            hangUps.close();
            throw e;
        }
        this.batchState = state;
        this.guardGate = config.guard() == null ? null
                : new GuardGate(config.guard(), config.stateDir() == null ? null : config.stateDir().resolve("guard"), config.guardRescoreMillis(),
                        config.requestLog(), config.guardClock());
        this.batchRunner = runner;
        BatchApi batches = new BatchApi(state, runner, new BatchApi.Gate() {
            @Override
            public String authenticate(Context ctx) {
                return OpenAiServer.this.authenticate(ctx);
            }

            @Override
            public JsonNode readBody(Context ctx) throws IOException {
                return OpenAiServer.this.readBody(ctx);
            }
        }, model.name(), config.maxUploadBytes(), InstantSource.system());
        try {
            this.javalin = Javalin.create(javalinConfig -> {
                // Javalin's own connector would bind with the JDK's default accept queue of 50 connections: a burst of
                // clients (the guard simulator's 1,024 queued requests of one campaign) overflowed it, the kernel dropped
                // their SYNs, and clients with a 10 s connect timeout failed. 2,048 is uvicorn's default backlog.
                javalinConfig.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                            new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    connector.setHost(config.host());
                    connector.setPort(config.port());
                    connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                    // A non-streamed answer sends no byte until it is done, and behind a long queue that can take
                    // minutes; Jetty's default idle timeout (30 s) would close such a client's connection under it.
                    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
                    return connector;
                });
                javalinConfig.concurrency.useVirtualThreads = true;
                javalinConfig.startup.showJavalinBanner = false;
                javalinConfig.startup.showOldJavalinVersionWarning = false;
                javalinConfig.http.maxRequestSize = config.maxBodyBytes();
                // Stream chunks must leave as they are written; compression would hold them back.
                javalinConfig.http.compressionStrategy = CompressionStrategy.NONE;
                javalinConfig.routes.get(MODELS, ctx -> handle(ctx, MODELS, this::models));
                javalinConfig.routes.post(CHAT, ctx -> handle(ctx, CHAT, (c, outcome) -> generate(c, outcome, parser::chat)));
                javalinConfig.routes.post(COMPLETIONS, ctx -> handle(ctx, COMPLETIONS, (c, outcome) -> generate(c, outcome, parser::completion)));
                javalinConfig.routes.post(BatchApi.FILES, ctx -> handle(ctx, BatchApi.FILES, batches::upload));
                javalinConfig.routes.get(BatchApi.FILES, ctx -> handle(ctx, BatchApi.FILES, batches::listFiles));
                javalinConfig.routes.get(BatchApi.FILE, ctx -> handle(ctx, BatchApi.FILE, batches::file));
                javalinConfig.routes.get(BatchApi.FILE_CONTENT, ctx -> handle(ctx, BatchApi.FILE_CONTENT, batches::fileContent));
                javalinConfig.routes.post(BatchApi.BATCHES, ctx -> handle(ctx, BatchApi.BATCHES, batches::create));
                javalinConfig.routes.get(BatchApi.BATCHES, ctx -> handle(ctx, BatchApi.BATCHES, batches::list));
                javalinConfig.routes.get(BatchApi.BATCH, ctx -> handle(ctx, BatchApi.BATCH, batches::batch));
                javalinConfig.routes.post(BatchApi.BATCH_CANCEL, ctx -> handle(ctx, BatchApi.BATCH_CANCEL, batches::cancel));
                javalinConfig.routes.get(GUARD_STATUS, ctx -> handle(ctx, GUARD_STATUS, this::guardStatus));
                javalinConfig.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
                javalinConfig.routes.get("/health", ctx -> ctx.status(closed ? 503 : 200).result(""));
                // No route matched (Javalin's own 404 is plain text); a 404 of ours (unknown model) is JSON already.
                javalinConfig.routes.error(404, "*", ctx -> {
                    String type = ctx.res().getContentType();
                    if (type == null || !type.startsWith("application/json")) {
                        writeError(ctx, ApiError.notFound(ctx.method().name(), ctx.path()));
                    }
                });
            }).start();
        } catch (RuntimeException e) {
            if (guardGate != null) {
                guardGate.close();
            }
            if (batchRunner != null) {
                batchRunner.close();
                batchState.close();
            }
            scheduler.close();
            hangUps.close();
            throw e;
        }
    }

    /** Starts a server; it listens when this returns. */
    public static OpenAiServer start(LocalModel model, ServeConfig config) {
        return new OpenAiServer(model, config);
    }

    /** The rows of the KV cache: the batch bound, lowered to what the cache's token bound holds in full rows. */
    static int rowsFor(ServeConfig config, int columns) {
        if (config.kvCacheTokens() == null) {
            return config.maxBatch();
        }
        long rows = config.kvCacheTokens() / columns;
        if (rows < 1) {
            throw new IllegalArgumentException("option 'kv-cache-tokens': " + config.kvCacheTokens() + " tokens hold no row of "
                    + columns + " positions (the model's context plus spare columns); give at least " + columns);
        }
        return (int) Math.min(config.maxBatch(), rows);
    }

    /** How many KV cache tokens (keys and values of every layer) fit in {@code megabytes} MiB for this model. */
    public static long kvCacheTokensIn(LocalModel model, long megabytes) {
        DataType dtype = model.decoder().weights().get("model.embed_tokens.weight").getDataType();
        return Math.max(1, (megabytes << 20) / SlotKvCache.bytesPerToken(model.config(), dtype));
    }

    public int port() {
        return javalin.port();
    }

    /** The API root clients use, such as {@code http://127.0.0.1:8000/v1}. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/v1";
    }

    /** The batch API's state folder, or null for a server without the batch API. */
    public java.nio.file.Path stateDir() {
        return batchState == null ? null : batchState.dir();
    }

    /** The engine's counters, for the serving benchmark. */
    Metrics.EngineCounts engineCounts() {
        return metrics.engineCounts();
    }

    /**
     * Rescores the guard's keys now, on this thread: the background rescoring's work (rescore, log the changed
     * decisions, save the ledger), for a simulation that runs the server with {@code guardRescoreMillis(0)} and its own
     * clock.
     *
     * @throws IllegalStateException on a server without a guard
     */
    public void rescoreGuard() {
        if (guardGate == null) {
            throw new IllegalStateException("this server has no guard to rescore (start it with ServeConfig.Builder.guard)");
        }
        guardGate.rescore();
    }

    /** The model name clients send. */
    public String modelName() {
        return model.name();
    }

    /**
     * Graceful shutdown: new requests get 503 at once; queued and running ones have until the shutdown deadline to
     * finish, then they are answered with a 503 error (a stream gets an error event and {@code [DONE]}); then the
     * listener closes.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The batch API's requests in flight are dropped unjournaled first: they run again after a restart, and a batch
        // must not hold the shutdown deadline that live requests have to finish in.
        if (batchRunner != null) {
            batchRunner.close();
        }
        scheduler.drain();
        try {
            if (!scheduler.awaitIdle(config.shutdownDeadline())) {
                scheduler.failAll(ApiError.overloaded("The server is shutting down and could not finish this request in time.", 5));
            }
            // Let the request threads write what they were sent.
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (handlersInFlight.get() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        javalin.stop();
        scheduler.close();
        hangUps.close();
        if (guardGate != null) {
            guardGate.close();
        }
        if (batchState != null) {
            batchState.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A request's outcome, for the log line and the metrics. */
    static final class Outcome {
        /** nginx's "client closed request": what the log and the metrics say of an answer nobody waited for. */
        static final int CLIENT_GONE = 499;
        String keyId = "-";
        boolean clientGone;
        long promptTokens;
        long completionTokens;
        long queueNanos;
        boolean generation;
    }

    @FunctionalInterface
    private interface Route {
        void serve(Context ctx, Outcome outcome) throws Exception;
    }

    private void handle(Context ctx, String endpoint, Route route) {
        handlersInFlight.incrementAndGet();
        long start = System.nanoTime();
        Outcome outcome = new Outcome();
        try {
            route.serve(ctx, outcome);
        } catch (ApiError e) {
            writeError(ctx, e);
        } catch (Exception e) {
            writeError(ctx, ApiError.internal("The server failed to answer: " + e.getClass().getSimpleName()));
        } finally {
            handlersInFlight.decrementAndGet();
            int status = outcome.clientGone ? Outcome.CLIENT_GONE : ctx.statusCode();
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.request(endpoint, status);
            if (outcome.generation) {
                metrics.tokens(outcome.promptTokens, outcome.completionTokens);
                metrics.latency(seconds, outcome.queueNanos / 1e9);
            }
            if (config.requestLog() != null) {
                config.requestLog().accept(String.format(Locale.ROOT,
                        "request key=%s %s %s status=%d prompt_tokens=%d completion_tokens=%d queue_ms=%.0f latency_ms=%.0f",
                        outcome.keyId, ctx.method().name(), endpoint, status, outcome.promptTokens, outcome.completionTokens,
                        outcome.queueNanos / 1e6, seconds * 1e3));
            }
        }
    }

    /** The guard's admin view: every key it has seen, its action, score and reasons, flagged keys first. */
    private void guardStatus(Context ctx, Outcome outcome) {
        outcome.keyId = authenticate(ctx);
        if (guardGate == null) {
            throw ApiError.noSuchObject("guard", "status");
        }
        if (config.apiKeys() != null && !config.guardAdmins().contains(outcome.keyId)) {
            throw ApiError.refusedByGuard();
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        var keys = body.putArray("keys");
        for (var decision : guardGate.decisions()) {
            ObjectNode entry = keys.addObject();
            entry.put("key_id", decision.keyId());
            entry.put("action", decision.action().name().toLowerCase(Locale.ROOT));
            entry.put("score", decision.score());
            var reasons = entry.putArray("reasons");
            decision.reasons().forEach(reasons::add);
        }
        writeJson(ctx, 200, body);
    }

    private void models(Context ctx, Outcome outcome) {
        outcome.keyId = authenticate(ctx);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("object", "list");
        ObjectNode entry = body.putArray("data").addObject();
        entry.put("id", model.name());
        entry.put("object", "model");
        entry.put("created", createdAt);
        entry.put("owned_by", "distill4j");
        entry.put("max_model_len", model.context());
        writeJson(ctx, 200, body);
    }

    private void generate(Context ctx, Outcome outcome, Function<JsonNode, GenerationRequest> parse) throws IOException, InterruptedException {
        outcome.keyId = authenticate(ctx);
        JsonNode body = readBody(ctx);
        GenerationRequest request = parse.apply(body);
        AnswerDegradation degradation = AnswerDegradation.NONE;
        if (guardGate != null) {
            GuardGate.Admission admission = guardGate.admit(outcome.keyId, request, model.decodeKeepingSpecial(request.prompts().get(0)));
            request = admission.request();
            degradation = admission.answers();
        }
        outcome.generation = true;
        outcome.promptTokens = request.promptTokens();
        Job job = scheduler.submit(outcome.keyId, request);
        String id = request.kind().idPrefix + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        try (ClientWatch watch = ClientWatch.on(ctx, hangUps, () -> scheduler.cancel(job))) {
            if (request.stream()) {
                new SseAnswer(ctx, job, id, created, json, model, watch, degradation).write(outcome);
            } else {
                wholeAnswer(ctx, job, id, created, watch, outcome, degradation);
            }
            outcome.clientGone = watch.isGone();
        } finally {
            outcome.queueNanos = job.queueNanos();
            if (!job.isOver()) {
                scheduler.cancel(job);
            }
        }
    }

    private void wholeAnswer(Context ctx, Job job, String id, long created, ClientWatch watch, Outcome outcome, AnswerDegradation degradation)
            throws InterruptedException {
        Job.Answers answers = job.awaitAll(watch::isGone, POLL_MILLIS);
        if (answers == null) {
            return;
        }
        Completion[] shown = new Completion[answers.completions().length];
        for (int i = 0; i < shown.length; i++) {
            outcome.completionTokens += answers.completions()[i].tokens().length;
            shown[i] = degradation.completion(answers.completions()[i]);
        }
        writeJson(ctx, 200, json.answer(id, created, job.request, shown, degradation.promptLogprobs(answers.promptLogprobs())));
    }

    /** The key id of the request's bearer key; every request is let in when the server has no keys. */
    private String authenticate(Context ctx) {
        if (config.apiKeys() == null) {
            return "anonymous";
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw ApiError.missingKey();
        }
        Optional<String> id = config.apiKeys().idOf(header.substring(7).strip());
        return id.orElseThrow(ApiError::wrongKey);
    }

    /**
     * The body as JSON, within the size limit. A body over the limit is read to its end (up to a hard cap) before
     * the 413, so the client, still sending, reads the answer instead of a reset connection.
     */
    private JsonNode readBody(Context ctx) throws IOException {
        long limit = config.maxBodyBytes();
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                drain(in, limit);
                throw ApiError.tooLarge(limit);
            }
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.invalidJson("We could not parse the JSON body of your request: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads what is left of a refused body, up to a hard cap, so that the client, still sending, reads the 413 instead
     * of a reset connection.
     */
    static void drain(InputStream in, long limit) throws IOException {
        long cap = Math.max(64L << 20, 4 * limit);
        long skipped = 0;
        byte[] sink = new byte[64 * 1024];
        int read;
        while (skipped < cap && (read = in.read(sink)) >= 0) {
            skipped += read;
        }
    }

    static void writeJson(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeError(Context ctx, ApiError error) {
        if (ctx.res().isCommitted()) {
            return;
        }
        if (error.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        writeJson(ctx, error.status(), error.toJson());
    }

    /** The metrics text, as {@code GET /metrics} serves it. */
    String metricsText() {
        return metrics.render();
    }
}
