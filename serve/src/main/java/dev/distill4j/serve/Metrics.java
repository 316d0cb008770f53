package dev.distill4j.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's counters, gauges and latency histogram, written in the Prometheus text format (version 0.0.4) for
 * {@code GET /metrics}. Written by many threads without locks (adders); a scrape reads a near-consistent snapshot.
 */
final class Metrics {
    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> batchRequests = new ConcurrentHashMap<>();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder decodeSteps = new LongAdder();
    private final LongAdder decodeRows = new LongAdder();
    private final LongAdder prefillPasses = new LongAdder();
    private final LongAdder[] latencyBuckets = new LongAdder[BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder latencySum = new java.util.concurrent.atomic.DoubleAdder();
    private final java.util.concurrent.atomic.DoubleAdder queueSeconds = new java.util.concurrent.atomic.DoubleAdder();
    private final Map<String, LongSupplier> gauges = new TreeMap<>();
    private final Map<String, String> gaugeHelp = new TreeMap<>();

    Metrics() {
        for (int i = 0; i < BUCKETS.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    /** A gauge read at each scrape. */
    synchronized void gauge(String name, String help, LongSupplier value) {
        gauges.put(name, value);
        gaugeHelp.put(name, help);
    }

    void request(String endpoint, int status) {
        requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
    }

    /** A batch API request was answered (200) or refused (its status), and journaled. */
    void batchRequest(int status) {
        batchRequests.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    long batchRequests(int status) {
        LongAdder adder = batchRequests.get(status);
        return adder == null ? 0 : adder.sum();
    }

    void tokens(long prompt, long completion) {
        promptTokens.add(prompt);
        completionTokens.add(completion);
    }

    void cancelled() {
        cancelled.increment();
    }

    /** A decoding step of the running batch with this many rows (each generates one token). */
    void decodeStep(int rows) {
        decodeSteps.increment();
        decodeRows.add(rows);
    }

    /** A prefill pass: newcomers joining the batch. */
    void prefillPass() {
        prefillPasses.increment();
    }

    /** Decoding steps, rows summed over them, and prefill passes so far: how full the batch ran between two reads. */
    record EngineCounts(long decodeSteps, long decodeRows, long prefillPasses) {}

    EngineCounts engineCounts() {
        return new EngineCounts(decodeSteps.sum(), decodeRows.sum(), prefillPasses.sum());
    }

    void latency(double seconds, double queued) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                latencyBuckets[i].increment();
            }
        }
        latencyCount.increment();
        latencySum.add(seconds);
        queueSeconds.add(queued);
    }

    long requests(String endpoint, int status) {
        LongAdder adder = requests.get(endpoint + "\u0000" + status);
        return adder == null ? 0 : adder.sum();
    }

    synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP distill_requests_total Requests answered, by endpoint and HTTP status.\n");
        out.append("# TYPE distill_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            out.append("distill_requests_total{endpoint=\"").append(parts[0]).append("\",status=\"").append(parts[1]).append("\"} ")
                    .append(count.sum()).append('\n');
        });
        out.append("# HELP distill_batch_api_requests_total Batch API requests answered and journaled, by the status of their answer.\n");
        out.append("# TYPE distill_batch_api_requests_total counter\n");
        new TreeMap<>(batchRequests).forEach((status, count) ->
                out.append("distill_batch_api_requests_total{status=\"").append(status).append("\"} ").append(count.sum()).append('\n'));
        counter(out, "distill_prompt_tokens_total", "Prompt tokens of answered requests.", promptTokens.sum());
        counter(out, "distill_completion_tokens_total", "Tokens generated for answered requests.", completionTokens.sum());
        counter(out, "distill_requests_cancelled_total", "Requests whose client went away before the answer was complete.", cancelled.sum());
        counter(out, "distill_decode_steps_total", "Decoding steps of the running batch.", decodeSteps.sum());
        counter(out, "distill_decode_rows_total", "Rows of the running batch summed over its decoding steps (divided by the steps: the mean batch).",
                decodeRows.sum());
        counter(out, "distill_prefill_passes_total", "Prefill passes: forward passes of newcomers' prompts before they join the batch.",
                prefillPasses.sum());
        gauges.forEach((name, value) -> {
            out.append("# HELP ").append(name).append(' ').append(gaugeHelp.get(name)).append('\n');
            out.append("# TYPE ").append(name).append(" gauge\n");
            out.append(name).append(' ').append(value.getAsLong()).append('\n');
        });
        out.append("# HELP distill_request_latency_seconds Time from a request's arrival to its last byte, generation requests only.\n");
        out.append("# TYPE distill_request_latency_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            out.append("distill_request_latency_seconds_bucket{le=\"").append(number(BUCKETS[i])).append("\"} ").append(latencyBuckets[i].sum()).append('\n');
        }
        out.append("distill_request_latency_seconds_bucket{le=\"+Inf\"} ").append(latencyCount.sum()).append('\n');
        out.append("distill_request_latency_seconds_sum ").append(number(latencySum.sum())).append('\n');
        out.append("distill_request_latency_seconds_count ").append(latencyCount.sum()).append('\n');
        out.append("# HELP distill_queue_seconds_total Time generation requests waited for a batch row, summed.\n");
        out.append("# TYPE distill_queue_seconds_total counter\n");
        out.append("distill_queue_seconds_total ").append(number(queueSeconds.sum())).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%s", value);
    }
}
