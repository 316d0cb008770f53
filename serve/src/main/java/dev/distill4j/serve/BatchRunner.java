package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The batch API's background producer: takes batches oldest first and moves each through its life, validating →
 * in_progress → finalizing → completed (or failed, cancelled, expired), saving every step in the {@link BatchState}.
 *
 * <p>While a batch is in progress its requests go to the {@link BatchScheduler} at background priority, a window of
 * them at a time (twice the scheduler's background rows, so a freed row always finds one waiting), each on a virtual
 * thread. Every answer is journaled ({@link BatchAnswers}) the moment it is made; a server stopped or killed mid-batch
 * resumes from the journal, running only the custom_ids it does not hold. Requests in flight at a stop are dropped
 * unjournaled and run again after the restart: nothing is answered twice, nothing is lost.
 */
final class BatchRunner implements AutoCloseable {
    /** How long the runner sleeps with nothing to do before it looks for expired batches again. */
    private static final long IDLE_MILLIS = 1000;
    private static final long POLL_MILLIS = 100;
    static final String KEY_ID = "batch-api";

    private final BatchState state;
    private final BatchScheduler scheduler;
    private final RequestParser parser;
    private final OpenAiJson json;
    private final Metrics metrics;
    private final InstantSource clock;
    private final int maxBatchRequests;
    private final int windowRows;
    private final Consumer<String> log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Job> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private final Thread thread;

    BatchRunner(BatchState state, BatchScheduler scheduler, RequestParser parser, OpenAiJson json, Metrics metrics, InstantSource clock,
            int maxBatchRequests, Consumer<String> log) {
        this.state = state;
        this.scheduler = scheduler;
        this.parser = parser;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBatchRequests = maxBatchRequests;
        this.windowRows = 2 * scheduler.backgroundRowCap();
        this.log = log == null ? line -> {} : log;
        // A terminal batch's journal outlives it only when the server stopped between saving the batch and deleting it.
        for (BatchRecord batch : state.batches()) {
            if (batch.status().terminal()) {
                deleteQuietly(state.answersPath(batch.id()));
            }
        }
        this.thread = Thread.ofPlatform().name("distill-batch-api").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** A batch was created or cancelled: look again now. */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking work and drops the requests in flight (they are not journaled, so a restart runs them again);
     * returns when the runner's thread has ended.
     */
    @Override
    public void close() {
        stopping = true;
        inFlight.forEach(scheduler::cancel);
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private void loop() {
        while (!stopping) {
            BatchRecord next = nextWork();
            if (next == null) {
                lock.lock();
                try {
                    changed.await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
                continue;
            }
            try {
                step(next);
            } catch (RuntimeException e) {
                // A batch the server cannot move on (an unreadable input file, a full disk) fails alone; the others go on.
                fail(next, e);
            }
        }
    }

    /** The batch to move on next: a cancelled or expired one first (it has nothing to run), else the oldest unfinished. */
    private BatchRecord nextWork() {
        List<BatchRecord> batches = state.batches();
        for (BatchRecord batch : batches) {
            if (batch.status() == BatchStatus.CANCELLING || (!batch.status().terminal() && now() >= batch.expiresAt())) {
                return batch;
            }
        }
        for (BatchRecord batch : batches) {
            if (!batch.status().terminal()) {
                return batch;
            }
        }
        return null;
    }

    private void step(BatchRecord batch) {
        if (batch.status() != BatchStatus.CANCELLING && now() >= batch.expiresAt()) {
            finish(batch.id(), BatchStatus.EXPIRED);
            return;
        }
        switch (batch.status()) {
            case VALIDATING -> validate(batch);
            case IN_PROGRESS -> run(batch);
            case FINALIZING -> finish(batch.id(), BatchStatus.COMPLETED);
            case CANCELLING -> finish(batch.id(), BatchStatus.CANCELLED);
            default -> throw new IllegalStateException("batch " + batch.id() + " is " + batch.status().wire() + ": nothing to do");
        }
    }

    private void validate(BatchRecord batch) {
        BatchInput.Validation validation = BatchInput.validate(state.contentPath(batch.inputFileId()), batch.endpoint(), maxBatchRequests);
        long now = now();
        BatchRecord moved = state.update(batch.id(), current -> {
            if (current.status() != BatchStatus.VALIDATING) {
                return current; // cancelled meanwhile
            }
            return validation.valid()
                    ? current.withProgress(new BatchRecord.Counts(validation.requests(), 0, 0), BatchRecord.TokenUsage.NONE)
                            .moveTo(BatchStatus.IN_PROGRESS, now)
                    : current.withErrors(validation.errors()).moveTo(BatchStatus.FAILED, now);
        });
        logStatus(moved);
    }

    private void fail(BatchRecord batch, RuntimeException e) {
        BatchError error = new BatchError("server_error", "The server could not run this batch: " + e.getMessage(), null, null);
        logStatus(state.update(batch.id(), current -> current.status().terminal() ? current
                : current.withErrors(List.of(error)).moveTo(BatchStatus.FAILED, now())));
    }

    private void logStatus(BatchRecord batch) {
        log.accept(String.format(Locale.ROOT, "batch %s key=%s status=%s total=%d completed=%d failed=%d", batch.id(), batch.owner(),
                batch.status().wire(), batch.counts().total(), batch.counts().completed(), batch.counts().failed()));
    }

    // ---- running ------------------------------------------------------------------------------------------------

    /** Why a batch's run stopped before its last request. */
    private enum Interruption {
        NONE, STOPPING, CANCELLED, EXPIRED
    }

    private Interruption interruption(String batchId, long expiresAt) {
        if (stopping) {
            return Interruption.STOPPING;
        }
        if (state.batch(batchId).map(BatchRecord::status).orElse(BatchStatus.CANCELLING) == BatchStatus.CANCELLING) {
            return Interruption.CANCELLED;
        }
        return now() >= expiresAt ? Interruption.EXPIRED : Interruption.NONE;
    }

    private void run(BatchRecord batch) {
        Path input = state.contentPath(batch.inputFileId());
        Semaphore window = new Semaphore(windowRows);
        Interruption[] stop = {Interruption.NONE};
        try (BatchAnswers answers = BatchAnswers.open(state.answersPath(batch.id()));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            BatchInput.forEach(input, line -> {
                if (stop[0] != Interruption.NONE || answers.answered(line.customId())) {
                    return;
                }
                GenerationRequest request;
                try {
                    request = parse(batch, line);
                } catch (ApiError refused) {
                    record(batch, answers, errorLine(line.customId(), refused));
                    return;
                }
                int permits = Math.min(request.choices(), windowRows);
                if (!acquire(window, permits, batch, stop)) {
                    return;
                }
                threads.submit(() -> {
                    try {
                        answer(batch, answers, line, request, stop);
                    } finally {
                        window.release(permits);
                    }
                });
            });
            // Wait for the window to drain, dropping it at a stop or a cancel.
            while (!window.tryAcquire(windowRows, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                noteInterruption(batch, stop);
            }
            window.release(windowRows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long now = now();
        switch (stop[0] == Interruption.NONE ? interruption(batch.id(), batch.expiresAt()) : stop[0]) {
            case STOPPING -> { } // the journal keeps what was answered; the next server runs the rest
            case CANCELLED -> finish(batch.id(), BatchStatus.CANCELLED);
            case EXPIRED -> finish(batch.id(), BatchStatus.EXPIRED);
            case NONE -> {
                logStatus(state.update(batch.id(), current -> current.status() == BatchStatus.IN_PROGRESS
                        ? current.moveTo(BatchStatus.FINALIZING, now) : current));
                finish(batch.id(), BatchStatus.COMPLETED);
            }
        }
    }

    /** Waits for window room, watching for a stop; false when the run is to end. */
    private boolean acquire(Semaphore window, int permits, BatchRecord batch, Interruption[] stop) {
        try {
            while (!window.tryAcquire(permits, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (noteInterruption(batch, stop)) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop[0] = Interruption.STOPPING;
            return false;
        }
        if (noteInterruption(batch, stop)) {
            window.release(permits);
            return false;
        }
        return true;
    }

    /** Notes a stop, a cancel or an expiry, dropping the requests in flight; true when the run is to end. */
    private boolean noteInterruption(BatchRecord batch, Interruption[] stop) {
        if (stop[0] == Interruption.NONE) {
            stop[0] = interruption(batch.id(), batch.expiresAt());
        }
        if (stop[0] != Interruption.NONE) {
            inFlight.forEach(scheduler::cancel);
            return true;
        }
        return false;
    }

    /** A line's body as the live endpoint would take it: the same parser, the same refusals. */
    private GenerationRequest parse(BatchRecord batch, BatchInput.Line line) {
        Function<JsonNode, GenerationRequest> parse = batch.endpoint().equals(OpenAiServer.CHAT) ? parser::chat : parser::completion;
        GenerationRequest request = parse.apply(line.body());
        if (request.stream()) {
            throw ApiError.badParameter("stream", "a batch request cannot stream; leave 'stream' out or send false - 'stream'");
        }
        // A request without a seed gets one from its batch and custom_id, so that running it again after a restart samples alike.
        return request.seed() != null ? request : request.withSeed(Long.parseUnsignedLong(ContentKey.of(batch.id(), line.customId())
                .substring(0, 16), 16));
    }

    private void answer(BatchRecord batch, BatchAnswers answers, BatchInput.Line line, GenerationRequest request, Interruption[] stop) {
        Job job;
        try {
            job = scheduler.submitBackground(KEY_ID, request);
        } catch (ApiError refused) {
            return; // draining: the server is stopping, and this request runs after the restart
        }
        inFlight.add(job);
        try {
            Job.Answers answered;
            try {
                answered = job.awaitAll(() -> stop[0] != Interruption.NONE || stopping || job.cancelled(), POLL_MILLIS);
            } catch (ApiError failed) {
                if (!stopping) {
                    record(batch, answers, errorLine(line.customId(), failed));
                }
                return;
            }
            if (answered == null) {
                return;
            }
            String id = request.kind().idPrefix + UUID.randomUUID().toString().replace("-", "");
            ObjectNode body = json.answer(id, now(), request, answered.completions(), answered.promptLogprobs());
            metrics.tokens(request.promptTokens(), body.path("usage").path("completion_tokens").asLong());
            record(batch, answers, line(line.customId(), 200, body, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.remove(job);
            if (!job.isOver()) {
                scheduler.cancel(job);
            }
        }
    }

    /** Journals one answered request and shows the new counts; only the first answer of a custom_id is kept. */
    private void record(BatchRecord batch, BatchAnswers answers, ObjectNode line) {
        synchronized (answers) {
            if (answers.answered(line.get("custom_id").asText())) {
                return;
            }
            answers.append(line);
            int status = line.path("response").path("status_code").asInt();
            metrics.batchRequest(status);
            state.update(batch.id(), current -> current.status() == BatchStatus.IN_PROGRESS || current.status() == BatchStatus.CANCELLING
                    ? current.withProgress(answers.counts(current.counts().total()), answers.usage()) : current);
        }
    }

    /** An output or error file line: OpenAI's {@code {"id", "custom_id", "response", "error"}}. */
    static ObjectNode line(String customId, int status, JsonNode body, ObjectNode error) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("id", "batch_req_" + BatchState.randomHex(16));
        line.put("custom_id", customId);
        if (body == null) {
            line.putNull("response");
        } else {
            ObjectNode response = line.putObject("response");
            response.put("status_code", status);
            response.put("request_id", "req_" + BatchState.randomHex(16));
            response.set("body", body);
        }
        if (error == null) {
            line.putNull("error");
        } else {
            line.set("error", error);
        }
        return line;
    }

    /** A request the endpoint refused or could not finish: the live endpoint's status and error body, in the response. */
    private static ObjectNode errorLine(String customId, ApiError error) {
        return line(customId, error.status(), error.toJson(), null);
    }

    // ---- finishing ----------------------------------------------------------------------------------------------

    /**
     * Writes the output file (answers) and the error file (refusals, and with {@code ending} cancelled or expired
     * the requests never run), in input order, then moves the batch to {@code ending}. Either file is left out when it
     * would be empty, as at OpenAI. File ids are derived from the batch id, so a server that stops halfway and does it
     * again writes the same files, not new ones.
     */
    private void finish(String batchId, BatchStatus ending) {
        BatchRecord batch = state.batch(batchId).orElseThrow();
        Path journal = state.answersPath(batchId);
        List<String> output = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int completed = 0;
        int failed = 0;
        long inputTokens = 0;
        long outputTokens = 0;
        if (batch.counts().total() > 0 || Files.exists(journal)) {
            Map<String, JsonNode> answered;
            try (BatchAnswers answers = BatchAnswers.open(journal)) {
                answered = answers.lines();
            }
            List<JsonNode> ordered = new ArrayList<>();
            BatchInput.forEach(state.contentPath(batch.inputFileId()), line -> {
                JsonNode answer = answered.get(line.customId());
                ordered.add(answer != null ? answer : unrun(line.customId(), ending));
            });
            for (JsonNode line : ordered) {
                if (BatchAnswers.succeeded(line)) {
                    output.add(line.toString());
                    completed++;
                    JsonNode usage = line.path("response").path("body").path("usage");
                    inputTokens += usage.path("prompt_tokens").asLong();
                    outputTokens += usage.path("completion_tokens").asLong();
                } else {
                    errors.add(line.toString());
                    failed++;
                }
            }
        }
        long now = now();
        String outputId = output.isEmpty() ? null
                : state.write(derivedFileId(batchId, "output"), batch.owner(), batchId + "_output.jsonl", "batch_output", now, output).id();
        String errorId = errors.isEmpty() ? null
                : state.write(derivedFileId(batchId, "error"), batch.owner(), batchId + "_error.jsonl", "batch_output", now, errors).id();
        BatchRecord.Counts counts = new BatchRecord.Counts(Math.max(batch.counts().total(), completed + failed), completed, failed);
        BatchRecord.TokenUsage usage = new BatchRecord.TokenUsage(inputTokens, outputTokens);
        BatchRecord done = state.update(batchId, current -> current.status().terminal() ? current
                : current.withFiles(outputId, errorId).withProgress(counts, usage).moveTo(ending, now));
        logStatus(done);
        deleteQuietly(journal);
    }

    /** The error line of a request a cancelled or expired batch never ran. */
    private static JsonNode unrun(String customId, BatchStatus ending) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        if (ending == BatchStatus.EXPIRED) {
            error.put("code", "batch_expired");
            error.put("message", "This request could not be executed before the completion window expired.");
        } else if (ending == BatchStatus.CANCELLED) {
            error.put("code", "batch_cancelled");
            error.put("message", "This request was not executed because the batch was cancelled.");
        } else {
            error.put("code", "server_error");
            error.put("message", "This request has no answer: the server lost it.");
        }
        return line(customId, 0, null, error);
    }

    private static String derivedFileId(String batchId, String kind) {
        return "file-" + ContentKey.of("distill4j-batch-file", batchId, kind).substring(0, 24);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
            // A journal left behind is deleted the next time the server starts.
        }
    }
}
