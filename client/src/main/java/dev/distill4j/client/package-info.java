/**
 * The OpenAI-compatible teacher client: it asks a teacher model for completions through one or more
 * endpoints and survives what real fleets do (rate limits, 5xx, hangs, resets, broken JSON).
 *
 * <p>Layers, top to bottom: {@link dev.distill4j.client.TeacherClient} does the shared work (concurrency cap,
 * rate limits, retries with backoff until a deadline, circuit breakers, fail-over); a
 * {@link dev.distill4j.client.ChatWire} speaks one protocol ({@link dev.distill4j.client.OpenAiChatWire},
 * through the official OpenAI Java SDK with its own retries off); {@link dev.distill4j.client.FailureClassifier}
 * is the one place that decides what is worth retrying.
 *
 * <p>Offline, {@link dev.distill4j.client.OpenAiBatchWire} speaks a provider's batch API (upload, create, poll,
 * download) through the same SDK, with the same classifier; the generate stage's batch mode builds on it. Calls
 * outside {@link dev.distill4j.client.TeacherClient} (batches, the scoring of {@code dev.distill4j.client.score}) retry
 * through {@link dev.distill4j.client.RetryLoop} and open their SDK client through
 * {@link dev.distill4j.client.OpenAiConnections}.
 */
package dev.distill4j.client;
