package dev.distill4j.serve;

import dev.distill4j.model.generate.BatchRow;
import dev.distill4j.model.generate.ContinuousBatch;
import dev.distill4j.model.generate.RowSpec;
import dev.distill4j.model.generate.TokenLogprob;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that owns the model. Each turn of its loop: drop the rows of clients that went away, admit
 * waiting rows into free batch rows (round-robin across API keys, so one key's flood cannot starve another key), prefill
 * them, run one decoding step of every live row, and send each job what its rows produced.
 *
 * <p>Admission control happens at submission, under the lock: a request whose rows would pass the queue bound gets
 * 503 + Retry-After (the KV cache's rows are all taken and as many wait as allowed), one whose key would pass its
 * share gets 429 + Retry-After, and a draining server refuses new work with 503.
 *
 * <p>Batch API requests ({@link #submitBackground}) wait in a queue of their own, outside those bounds (their producer
 * keeps its own window): a background row is admitted only when no live row waits, and at most
 * {@link #backgroundRowCap} of them hold batch rows at once. A row cannot be pre-empted once it runs, so the cap is
 * what keeps rows free for live requests while an offline batch runs.
 */
final class BatchScheduler implements AutoCloseable {
    /** A choice of a job waiting for a batch row. */
    private record PendingRow(Job job, int choice, RowSpec spec, long queuedAtStep) {}

    /**
     * While rows decode, newcomers join in groups of at least this many (or once one has waited {@link #MAX_JOIN_DELAY}
     * steps): each join is a prefill pass of its own, and one pass for several prompts costs about what a pass for
     * one does. An idle batch admits at once.
     */
    private final int minJoin;
    private static final long MAX_JOIN_DELAY = 8;
    private volatile long steps;

    /** A choice in the batch, and how many of its tokens the job has been sent. */
    private static final class LiveRow {
        final PendingRow pending;
        int sent;

        LiveRow(PendingRow pending) {
            this.pending = pending;
        }
    }

    private final ContinuousBatch batch;
    private final int backgroundRowCap;
    private final int maxQueuedRows;
    private final int maxRowsPerKey;
    private final int maxPrefillTokens;
    private final Metrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition idle = lock.newCondition();
    // Guarded by lock.
    private final Map<String, ArrayDeque<PendingRow>> queues = new LinkedHashMap<>();
    private final Map<String, Long> lastServed = new HashMap<>();
    private long admissions;
    private final Map<String, Integer> rowsByKey = new HashMap<>();
    private final List<Job> cancelledJobs = new ArrayList<>();
    private int queuedRows;
    private final ArrayDeque<PendingRow> background = new ArrayDeque<>();
    private boolean draining;
    private boolean stopped;
    private ApiError failEverything;
    private final SplittableRandom seeds;

    // The scheduler thread's own.
    private final Map<BatchRow, LiveRow> live = new LinkedHashMap<>();
    private int backgroundLive;
    private volatile int backgroundLiveSeen;
    private volatile int backgroundQueuedSeen;

    private final Set<Job> activeJobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveRows = new AtomicInteger();
    private volatile long cachedTokens;
    private volatile long cacheMoves;
    private volatile double secondsPerRow = 1.0;
    private final Thread thread;

    BatchScheduler(ContinuousBatch batch, ServeConfig config, Metrics metrics) {
        this.batch = batch;
        this.backgroundRowCap = config.batchRows() != null ? Math.min(config.batchRows(), batch.capacityRows())
                : Math.max(1, batch.capacityRows() / 2);
        this.maxQueuedRows = config.maxQueuedRows();
        this.maxRowsPerKey = config.maxRowsPerKey();
        this.maxPrefillTokens = config.maxPrefillTokens();
        this.minJoin = Math.max(1, batch.capacityRows() / 16);
        this.metrics = metrics;
        this.seeds = new SplittableRandom(config.seed());
        metrics.gauge("distill_queue_rows", "Sequences waiting for a batch row.", () -> queuedRows);
        metrics.gauge("distill_running_rows", "Sequences in the running batch.", liveRows::get);
        metrics.gauge("distill_batch_rows", "Rows of the batch (the KV cache's bound in sequences).", batch::capacityRows);
        metrics.gauge("distill_kv_cache_used_tokens", "KV cache positions holding live sequences' keys and values.", () -> cachedTokens);
        metrics.gauge("distill_kv_cache_capacity_tokens", "KV cache positions allocated (rows x columns).", batch::capacityTokens);
        metrics.gauge("distill_requests_in_flight", "Generation requests queued or running.", activeJobs::size);
        metrics.gauge("distill_batch_api_queue_rows", "Batch API sequences waiting for a batch row.", () -> backgroundQueuedSeen);
        metrics.gauge("distill_batch_api_running_rows", "Batch API sequences in the running batch.", () -> backgroundLiveSeen);
        metrics.gauge("distill_kv_cache_moves", "Times the KV cache moved its rows (compaction, or room for a longer prompt).", () -> cacheMoves);
        this.thread = Thread.ofPlatform().name("distill-scheduler").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /**
     * Queues a job's rows, or refuses it: 503 when draining or when the queue would pass its bound, 429 when the key
     * would pass its share. The job's seed is drawn here when the request gave none.
     */
    Job submit(String keyId, GenerationRequest request) {
        lock.lock();
        try {
            if (draining) {
                throw ApiError.overloaded("The server is shutting down; send the request to another server or try again later.", 5);
            }
            List<RowSpec> specs = request.rows(seeds.nextLong());
            int rows = specs.size();
            int ofKey = rowsByKey.getOrDefault(keyId, 0);
            if (ofKey + rows > maxRowsPerKey) {
                throw ApiError.overQuota("This key has " + ofKey + " sequences queued or running and may have " + maxRowsPerKey
                        + "; this request adds " + rows + ". Try again when some have finished.", retryAfter(rows));
            }
            // Rows that find no free batch row wait; the queue holds at most maxQueuedRows of them.
            int freeRows = batch.capacityRows() - liveRows.get();
            if (queuedRows + rows > maxQueuedRows + freeRows) {
                throw ApiError.overloaded("The server is overloaded: every batch row is busy and " + queuedRows
                        + " sequences are waiting. Try again later.", retryAfter(rows));
            }
            Job job = new Job(keyId, request, specs);
            ArrayDeque<PendingRow> queue = queues.computeIfAbsent(keyId, k -> new ArrayDeque<>());
            for (int choice = 0; choice < rows; choice++) {
                queue.addLast(new PendingRow(job, choice, specs.get(choice), steps));
            }
            queuedRows += rows;
            rowsByKey.merge(keyId, rows, Integer::sum);
            activeJobs.add(job);
            workArrived.signal();
            return job;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a batch API request's rows at background priority (see the class comment). Not bounded by the live queue
     * or a key's share: the batch runner submits a bounded window of requests itself. Refused (503) when draining.
     */
    Job submitBackground(String keyId, GenerationRequest request) {
        lock.lock();
        try {
            if (draining) {
                throw ApiError.overloaded("The server is shutting down.", 5);
            }
            List<RowSpec> specs = request.rows(seeds.nextLong());
            Job job = new Job(keyId, request, specs, true);
            for (int choice = 0; choice < specs.size(); choice++) {
                background.addLast(new PendingRow(job, choice, specs.get(choice), steps));
            }
            backgroundQueuedSeen = background.size();
            activeJobs.add(job);
            workArrived.signal();
            return job;
        } finally {
            lock.unlock();
        }
    }

    /** How many batch rows background requests may hold at once. */
    int backgroundRowCap() {
        return backgroundRowCap;
    }

    /** The client of a job went away: its rows leave the queue and the batch at the next step. */
    void cancel(Job job) {
        if (job.isOver() || !job.cancel()) {
            return;
        }
        lock.lock();
        try {
            cancelledJobs.add(job);
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new jobs from now on (503); the queued and running ones go on. */
    void drain() {
        lock.lock();
        try {
            draining = true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no job is queued or running, or the time is up; true when idle. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!activeJobs.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Fails every queued and running job with {@code error} at the next step. */
    void failAll(ApiError error) {
        lock.lock();
        try {
            failEverything = error;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    int activeJobs() {
        return activeJobs.size();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            stopped = true;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batch.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void loop() {
        while (true) {
            List<Job> cancelled;
            List<PendingRow> admitted;
            ApiError failure;
            lock.lock();
            try {
                while (!stopped && queuedRows == 0 && background.isEmpty() && cancelledJobs.isEmpty() && failEverything == null
                        && batch.liveRows() == 0) {
                    if (activeJobs.isEmpty()) {
                        idle.signalAll();
                    }
                    workArrived.awaitUninterruptibly();
                }
                if (stopped) {
                    failQueuedAndLive(ApiError.overloaded("The server stopped before the request was answered.", 5));
                    return;
                }
                failure = failEverything;
                failEverything = null;
                cancelled = new ArrayList<>(cancelledJobs);
                cancelledJobs.clear();
                for (Job job : cancelled) {
                    dropQueued(job);
                }
                admitted = failure == null ? admit() : List.of();
            } finally {
                lock.unlock();
            }
            if (failure != null) {
                lock.lock();
                try {
                    failQueuedAndLive(failure);
                } finally {
                    lock.unlock();
                }
                continue;
            }
            try {
                leave(cancelled);
                join(admitted);
                if (batch.liveRows() > 0) {
                    metrics.decodeStep(batch.liveRows());
                    batch.step();
                    steps++;
                }
                publish();
            } catch (RuntimeException e) {
                // An engine failure: no row can be trusted any more, but the server stays up for the next requests.
                lock.lock();
                try {
                    failQueuedAndLive(ApiError.internal("The model failed while generating: " + e.getMessage()));
                } finally {
                    lock.unlock();
                }
            }
            liveRows.set(batch.liveRows());
            backgroundLiveSeen = backgroundLive;
            cachedTokens = batch.cachedTokens();
            cacheMoves = batch.cacheMoves();
        }
    }

    /**
     * Rows to admit now, within free rows and the prefill budget: each next row comes from the key served least
     * recently among those with rows waiting. That is round-robin across keys which also remembers a key that was
     * just served when its queue had run empty, so a key that floods the queue cannot take the next row from a key
     * that has waited.
     */
    private List<PendingRow> admit() {
        List<PendingRow> admitted = new ArrayList<>();
        int free = batch.freeRows();
        if (batch.liveRows() > 0 && free < minJoin && !someoneWaited(MAX_JOIN_DELAY)) {
            return admitted;
        }
        int prefill = 0;
        int backgroundAdmitted = 0;
        while (free > 0) {
            PendingRow next;
            if (queuedRows > 0) {
                String key = leastRecentlyServed();
                next = queues.get(key).peekFirst();
                if (!admitted.isEmpty() && prefill + next.spec().prompt().length > maxPrefillTokens) {
                    break;
                }
                queues.get(key).pollFirst();
                queuedRows--;
                lastServed.put(key, ++admissions);
            } else if (!background.isEmpty() && backgroundLive + backgroundAdmitted < backgroundRowCap) {
                // Only when no live row waits: the batch API takes what live traffic leaves, within its cap.
                next = background.peekFirst();
                if (!admitted.isEmpty() && prefill + next.spec().prompt().length > maxPrefillTokens) {
                    break;
                }
                background.pollFirst();
                backgroundAdmitted++;
            } else {
                break;
            }
            admitted.add(next);
            prefill += next.spec().prompt().length;
            if (next.spec().sampling() != null) {
                free--;
            }
        }
        backgroundQueuedSeen = background.size();
        return admitted;
    }

    private boolean someoneWaited(long stepsWaited) {
        for (ArrayDeque<PendingRow> queue : queues.values()) {
            PendingRow first = queue.peekFirst();
            if (first != null && steps - first.queuedAtStep() >= stepsWaited) {
                return true;
            }
        }
        PendingRow first = background.peekFirst();
        return queuedRows == 0 && first != null && backgroundLive < backgroundRowCap && steps - first.queuedAtStep() >= stepsWaited;
    }

    private String leastRecentlyServed() {
        String best = null;
        long bestStamp = Long.MAX_VALUE;
        for (Map.Entry<String, ArrayDeque<PendingRow>> entry : queues.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                long stamp = lastServed.getOrDefault(entry.getKey(), 0L);
                if (stamp < bestStamp) {
                    best = entry.getKey();
                    bestStamp = stamp;
                }
            }
        }
        return best;
    }

    private void dropQueued(Job job) {
        if (job.background) {
            background.removeIf(row -> row.job() == job);
            backgroundQueuedSeen = background.size();
            return;
        }
        ArrayDeque<PendingRow> queue = queues.get(job.keyId);
        if (queue == null) {
            return;
        }
        int before = queue.size();
        queue.removeIf(row -> row.job() == job);
        int dropped = before - queue.size();
        queuedRows -= dropped;
        releaseRows(job.keyId, dropped);
    }

    private void leave(List<Job> cancelled) {
        if (cancelled.isEmpty()) {
            return;
        }
        int released = 0;
        Iterator<Map.Entry<BatchRow, LiveRow>> rows = live.entrySet().iterator();
        while (rows.hasNext()) {
            Map.Entry<BatchRow, LiveRow> entry = rows.next();
            if (cancelled.contains(entry.getValue().pending.job())) {
                batch.leave(entry.getKey(), "cancelled");
                rows.remove();
                released++;
                rowLeft(entry.getValue().pending.job());
            }
        }
        for (Job job : cancelled) {
            if (job.end()) {
                activeJobs.remove(job);
                metrics.cancelled();
            }
        }
    }

    private void join(List<PendingRow> admitted) {
        if (admitted.isEmpty()) {
            return;
        }
        metrics.prefillPass();
        List<BatchRow> rows = batch.join(admitted.stream().map(PendingRow::spec).toList());
        for (int i = 0; i < rows.size(); i++) {
            PendingRow pending = admitted.get(i);
            pending.job().admitted();
            live.put(rows.get(i), new LiveRow(pending));
            if (pending.job().background) {
                backgroundLive++;
            }
        }
    }

    /** Sends each job its rows' new tokens (streaming jobs) and finished choices; finished rows are forgotten. */
    private void publish() {
        Iterator<Map.Entry<BatchRow, LiveRow>> rows = live.entrySet().iterator();
        while (rows.hasNext()) {
            Map.Entry<BatchRow, LiveRow> entry = rows.next();
            BatchRow row = entry.getKey();
            LiveRow state = entry.getValue();
            Job job = state.pending.job();
            if (job.streaming() && row.generatedCount() > state.sent) {
                int[] tokens = row.tokens();
                List<TokenLogprob> logprobs = job.request.logprobs() ? row.logprobs(tokens.length).subList(state.sent, tokens.length) : List.of();
                job.send(new Job.Tokens(state.pending.choice(), Arrays.copyOfRange(tokens, state.sent, tokens.length), logprobs,
                        state.sent == 0 ? row.promptLogprobs() : null));
                state.sent = tokens.length;
            }
            if (row.finished()) {
                rows.remove();
                job.send(new Job.Finished(state.pending.choice(), row.completion(), row.promptLogprobs()));
                double seconds = (System.nanoTime() - job.enqueuedNanos) / 1e9;
                if (!job.background) {
                    // Batch API rows wait for live ones by design; their times say nothing about the live queue.
                    secondsPerRow = 0.9 * secondsPerRow + 0.1 * seconds;
                }
                rowLeft(job);
                if (job.rowFinished()) {
                    activeJobs.remove(job);
                }
            }
        }
    }

    /** Called with the lock held: every queued and live job gets {@code error}; the batch is emptied. */
    private void failQueuedAndLive(ApiError error) {
        for (LiveRow row : live.values()) {
            fail(row.pending.job(), error);
        }
        // Also the rows a failed join placed before it could report them.
        batch.leaveAll("failed");
        live.clear();
        backgroundLive = 0;
        for (PendingRow row : background) {
            fail(row.job(), error);
        }
        background.clear();
        backgroundQueuedSeen = 0;
        for (ArrayDeque<PendingRow> queue : queues.values()) {
            for (PendingRow row : queue) {
                fail(row.job(), error);
            }
            queue.clear();
        }
        queuedRows = 0;
        rowsByKey.clear();
        activeJobs.clear();
        idle.signalAll();
    }

    private void fail(Job job, ApiError error) {
        if (job.end()) {
            job.send(new Job.Failed(error));
        }
    }

    /** A live row left the batch: a batch API row frees its share of the cap, a live one its key's share. */
    private void rowLeft(Job job) {
        if (job.background) {
            backgroundLive--;
        } else {
            release(job.keyId, 1);
        }
    }

    private void release(String keyId, int rows) {
        lock.lock();
        try {
            releaseRows(keyId, rows);
        } finally {
            lock.unlock();
        }
    }

    private void releaseRows(String keyId, int rows) {
        rowsByKey.computeIfPresent(keyId, (k, count) -> count - rows <= 0 ? null : count - rows);
    }

    /** Seconds until a row is likely free: the queue ahead, served a batch at a time at the recent time per row. */
    private int retryAfter(int rows) {
        double waves = (double) (queuedRows + rows) / batch.capacityRows();
        return (int) Math.max(1, Math.min(600, Math.ceil(waves * secondsPerRow)));
    }
}
