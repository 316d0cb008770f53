/**
 * The teacher's signal for on-policy distillation: {@link dev.distill4j.client.score.EchoScorer} asks any
 * OpenAI-compatible server, through the legacy completions endpoint with {@code echo} and {@code logprobs}, for the
 * log-probability of each token of a text the student wrote, as character spans of that text
 * ({@link dev.distill4j.client.score.ScoredSpan}); {@link dev.distill4j.client.score.SpanAlignment} puts them on the
 * student's own tokens, leaving unaligned (NaN) the ones the two tokenisers cut differently.
 */
package dev.distill4j.client.score;
