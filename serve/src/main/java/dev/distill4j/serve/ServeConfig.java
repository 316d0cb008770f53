package dev.distill4j.serve;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * How a server listens, whom it lets in and how much it takes on. Build with {@link #builder()}; {@code build()}
 * validates and the errors name the option.
 *
 * @param host               the address to listen on (loopback by default)
 * @param port               the port, or 0 for a free one (the server says which)
 * @param modelName          the name clients send as {@code model}; null: the checkpoint folder's name
 * @param apiKeys            the accepted bearer keys, or null for a server that asks for none
 * @param maxBatch           the most sequences decoded together (rows of the KV cache)
 * @param kvCacheTokens      the KV cache's bound, in tokens over all rows, or null for {@code maxBatch} full rows;
 *                           it sets how many rows there are (the rest of a request waits in the queue)
 * @param maxQueuedRows      sequences that may wait for a row; a request that would pass it gets 503 + Retry-After
 * @param maxRowsPerKey      sequences one API key may have queued and running together; past it, 429 + Retry-After
 * @param maxBodyBytes       the largest request body (413 beyond)
 * @param maxPromptTokens    the longest prompt, or null for the model's context less one token
 * @param maxN               the largest {@code n} (choices per prompt) one request may ask for
 * @param maxPrefillTokens   prompt tokens (padded) prefilled in one scheduler step, so that joining rows do not
 *                           stall the running ones for long; one row is always admitted
 * @param shutdownDeadline   how long a graceful shutdown lets in-flight requests finish before failing them
 * @param seed               the seed of the server's random source, which draws a seed for every request without one
 * @param requestLog         where one line per request goes (key id, never the key), or null for nowhere
 * @param stateDir           the folder the batch API keeps its files and batches in (a restart resumes from it), or
 *                           null for a server without the batch API
 * @param maxUploadBytes     the largest file {@code POST /v1/files} takes (413 beyond)
 * @param maxBatchRequests   the most requests (lines) one batch input file may hold
 * @param batchRows          the most batch rows batch API requests hold at once, or null for half the rows: the rest
 *                           stay free for live requests, since a running row is never pre-empted
 * @param guard              the guard against distillation attacks, or null for none
 * @param guardAdmins        the key ids that may read the guard's status ({@code GET /guard/status}); on a server without
 *                           keys, anyone who can reach it
 * @param guardClock         the time the guard stamps requests and scores with: the system's, or a simulation's
 *                           compressed clock
 * @param guardRescoreMillis how often a background thread rescores the guard's keys, or 0 for no thread (a simulation
 *                           calls {@link OpenAiServer#rescoreGuard()} when its clock says so, and is reproducible)
 */
public record ServeConfig(
        String host,
        int port,
        String modelName,
        ApiKeys apiKeys,
        int maxBatch,
        Long kvCacheTokens,
        int maxQueuedRows,
        int maxRowsPerKey,
        long maxBodyBytes,
        Integer maxPromptTokens,
        int maxN,
        int maxPrefillTokens,
        Duration shutdownDeadline,
        long seed,
        Consumer<String> requestLog,
        Path stateDir,
        long maxUploadBytes,
        int maxBatchRequests,
        Integer batchRows,
        dev.distill4j.serve.guard.Guard guard,
        java.util.Set<String> guardAdmins,
        InstantSource guardClock,
        long guardRescoreMillis) {
    public ServeConfig {
        guardAdmins = guardAdmins == null ? java.util.Set.of() : java.util.Set.copyOf(guardAdmins);
        guardClock = guardClock == null ? InstantSource.system() : guardClock;
        atLeast("guard-rescore-millis", guardRescoreMillis, 0);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("option 'host': expected an address to listen on, got nothing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("option 'port': expected a number in [0, 65535], got " + port);
        }
        atLeast("max-batch", maxBatch, 1);
        if (kvCacheTokens != null && kvCacheTokens < 1) {
            throw new IllegalArgumentException("option 'kv-cache-tokens': expected a number >= 1, got " + kvCacheTokens);
        }
        atLeast("max-queued", maxQueuedRows, 0);
        atLeast("max-rows-per-key", maxRowsPerKey, 1);
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("option 'max-body-bytes': expected a number >= 1024, got " + maxBodyBytes);
        }
        if (maxPromptTokens != null) {
            atLeast("max-prompt-tokens", maxPromptTokens, 1);
        }
        atLeast("max-n", maxN, 1);
        atLeast("max-prefill-tokens", maxPrefillTokens, 1);
        if (shutdownDeadline == null || shutdownDeadline.isNegative()) {
            throw new IllegalArgumentException("option 'shutdown-deadline': expected a duration >= 0, got " + shutdownDeadline);
        }
        atLeast("max-upload-bytes", maxUploadBytes, 1024);
        atLeast("max-batch-requests", maxBatchRequests, 1);
        if (batchRows != null) {
            atLeast("batch-rows", batchRows, 1);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void atLeast(String option, long value, long low) {
        if (value < low) {
            throw new IllegalArgumentException("option '" + option + "': expected a number >= " + low + ", got " + value);
        }
    }

    /**
     * Defaults: 127.0.0.1, port 8000, no keys, batch 64, a KV cache of 64 full rows, 1,024 queued sequences, 256 per
     * key, 4 MiB bodies, n up to 64, 4,096 prefill tokens per step, 30 s to shut down, seed 0, no request log; no
     * state folder (no batch API), 200 MiB uploads and 50,000 requests per batch (OpenAI's limits), half the rows for
     * batch API requests; the guard on the system clock, rescoring every {@link OpenAiServer#GUARD_RESCORE_MILLIS}.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8000;
        private String modelName;
        private ApiKeys apiKeys;
        private int maxBatch = 64;
        private Long kvCacheTokens;
        private int maxQueuedRows = 1024;
        private int maxRowsPerKey = 256;
        private long maxBodyBytes = 4L << 20;
        private Integer maxPromptTokens;
        private int maxN = 64;
        private int maxPrefillTokens = 4096;
        private Duration shutdownDeadline = Duration.ofSeconds(30);
        private long seed;
        private Consumer<String> requestLog;
        private Path stateDir;
        private dev.distill4j.serve.guard.Guard guard;
        private java.util.Set<String> guardAdmins;
        private InstantSource guardClock = InstantSource.system();
        private long guardRescoreMillis = OpenAiServer.GUARD_RESCORE_MILLIS;
        private long maxUploadBytes = 200L << 20;
        private int maxBatchRequests = 50_000;
        private Integer batchRows;

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        public Builder apiKeys(ApiKeys apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        public Builder kvCacheTokens(Long kvCacheTokens) {
            this.kvCacheTokens = kvCacheTokens;
            return this;
        }

        public Builder maxQueuedRows(int maxQueuedRows) {
            this.maxQueuedRows = maxQueuedRows;
            return this;
        }

        public Builder maxRowsPerKey(int maxRowsPerKey) {
            this.maxRowsPerKey = maxRowsPerKey;
            return this;
        }

        public Builder maxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxPromptTokens(Integer maxPromptTokens) {
            this.maxPromptTokens = maxPromptTokens;
            return this;
        }

        public Builder maxN(int maxN) {
            this.maxN = maxN;
            return this;
        }

        public Builder maxPrefillTokens(int maxPrefillTokens) {
            this.maxPrefillTokens = maxPrefillTokens;
            return this;
        }

        public Builder shutdownDeadline(Duration shutdownDeadline) {
            this.shutdownDeadline = shutdownDeadline;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder requestLog(Consumer<String> requestLog) {
            this.requestLog = requestLog;
            return this;
        }

        /** Request log lines to a writer, flushed one by one. */
        public Builder requestLog(PrintWriter writer) {
            this.requestLog = line -> {
                writer.println(line);
                writer.flush();
            };
            return this;
        }

        /** Where the batch API keeps its files and batches; null: no batch API. */
        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder maxBatchRequests(int maxBatchRequests) {
            this.maxBatchRequests = maxBatchRequests;
            return this;
        }

        public Builder batchRows(Integer batchRows) {
            this.batchRows = batchRows;
            return this;
        }

        /** The guard against distillation attacks (null: none); the server records, rescores and saves it. */
        public Builder guard(dev.distill4j.serve.guard.Guard guard) {
            this.guard = guard;
            return this;
        }

        public Builder guardAdmins(java.util.Set<String> guardAdmins) {
            this.guardAdmins = guardAdmins;
            return this;
        }

        /** The clock the guard stamps requests and scores with (default: the system's); a simulation compresses time with it. */
        public Builder guardClock(InstantSource guardClock) {
            this.guardClock = guardClock;
            return this;
        }

        /**
         * How often the guard rescores in the background (default {@link OpenAiServer#GUARD_RESCORE_MILLIS}); 0: never,
         * the owner calls {@link OpenAiServer#rescoreGuard()}, so that when decisions change depends on its clock alone.
         */
        public Builder guardRescoreMillis(long guardRescoreMillis) {
            this.guardRescoreMillis = guardRescoreMillis;
            return this;
        }

        public ServeConfig build() {
            return new ServeConfig(host, port, modelName, apiKeys, maxBatch, kvCacheTokens, maxQueuedRows, maxRowsPerKey, maxBodyBytes,
                    maxPromptTokens, maxN, maxPrefillTokens, shutdownDeadline, seed, requestLog, stateDir, maxUploadBytes, maxBatchRequests,
                    batchRows, guard, guardAdmins, guardClock, guardRescoreMillis);
        }
    }
}
