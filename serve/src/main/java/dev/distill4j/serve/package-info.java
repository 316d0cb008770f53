/**
 * {@code serve}: an OpenAI-compatible HTTP server over a local model, with continuous batching.
 *
 * <p>{@link dev.distill4j.serve.OpenAiServer} answers {@code GET /v1/models}, {@code POST /v1/chat/completions} and
 * {@code POST /v1/completions} (with streaming, logprobs, and the legacy {@code echo} scoring of prompt tokens),
 * {@code GET /metrics} (Prometheus) and {@code GET /health}. One scheduler thread owns the model
 * ({@link dev.distill4j.serve.BatchScheduler}): requests join and leave the running batch at every decoding step,
 * admitted round-robin across API keys, with a bounded queue that sheds load with 503 + Retry-After.
 *
 * <p><b>Why Javalin (7.2.3).</b> It is a thin layer over Jetty 12, which is what matters here: handlers run on
 * virtual threads ({@code useVirtualThreads}), so each request can block on its own results without a thread pool to
 * size; the response is a plain servlet output stream, so server-sent events are written and flushed chunk by chunk
 * in order; and Jetty's own request API tells when a client has gone away (failure and connection-closed listeners),
 * which is how a disconnected client frees its batch row at once, streaming or not. Helidon SE 4 would serve as well
 * (its webserver is built on virtual threads too), but it would bring a second configuration and media-support
 * framework for what four routes and one streaming response need, and the project already speaks Jetty's idioms in
 * its tests' loopback servers. Javalin is the smaller dependency for the same result.
 *
 * <p>The batch API ({@code /v1/files}, {@code /v1/batches}) is not built yet. It would be a background producer of
 * {@link dev.distill4j.serve.BatchScheduler} jobs under its own low-priority key (the scheduler already admits across
 * keys round-robin, so offline work would share the batch without starving live requests), with its request and
 * result files kept under the server's state folder and written atomically, so a restart resumes by
 * {@code custom_id}.
 */
package dev.distill4j.serve;
