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
 * in order; and Jetty exposes the connection's channel, which {@link dev.distill4j.serve.HangUpWatcher} watches so
 * that a disconnected client frees its batch row at once, streaming or not (Jetty's own failure and
 * connection-closed listeners fire only when it next reads or writes, which a whole-body answer does at its end).
 * Helidon SE 4 would serve as well
 * (its webserver is built on virtual threads too), but it would bring a second configuration and media-support
 * framework for what four routes and one streaming response need, and the project already speaks Jetty's idioms in
 * its tests' loopback servers. Javalin is the smaller dependency for the same result.
 *
 * <p>The batch API ({@code /v1/files}, {@code /v1/batches}, in OpenAI's shapes) is {@link dev.distill4j.serve.BatchApi}'s
 * routes over a {@link dev.distill4j.serve.BatchState} (the server's state folder: uploads, batch objects and a journal
 * of answers per running batch, every file but the journal written whole and renamed into place) and a
 * {@link dev.distill4j.serve.BatchRunner}, the background producer that moves each batch through validating →
 * in_progress → finalizing → completed. Its requests are {@link dev.distill4j.serve.BatchScheduler} jobs of background
 * priority: admitted only when no live row waits, and in at most a share of the rows, so offline work fills what live
 * traffic leaves without starving it. A restart resumes an unfinished batch by {@code custom_id}: whatever the journal
 * holds is answered, the rest runs.
 */
package dev.distill4j.serve;
