/**
 * The guard of {@code ./distill serve --guard}: it detects distillation attacks (many accounts systematically querying a
 * served model to build a training set for a copy) and acts on them.
 *
 * <p>Each request is recorded as a {@link dev.distill4j.serve.guard.RequestEvent} (sizes and sampling parameters, never
 * the prompt text) and a {@link dev.distill4j.serve.guard.PromptTrace} (its template skeleton's hash and first few
 * numbers); {@link dev.distill4j.serve.guard.PromptSketch} (MinHash) compares prompts without keeping them. The
 * {@link dev.distill4j.serve.guard.GuardLedger} keeps every key's {@link dev.distill4j.serve.guard.KeyAccount} and
 * survives restarts. Signals score each key in [0, 1], each from a documented source:
 * <ul>
 *   <li>{@link dev.distill4j.serve.guard.VolumeSignal}: volume and rate against the key's history and a ceiling;
 *   <li>{@link dev.distill4j.serve.guard.ExtractionParameters}: many samples, logprobs, prompt scoring, hot sampling;
 *   <li>{@link dev.distill4j.serve.guard.CoverageSignal}: one template with enumerated operands, a walk of a task space;
 *   <li>{@link dev.distill4j.serve.guard.CoordinationSignal}: templates shared across keys that ask in step;
 *   <li>{@link dev.distill4j.serve.guard.CampaignSignal}: a campaign split into many small keys, by the template and
 *       parameters they share and by the disjoint slices of a task list they ask;
 *   <li>{@link dev.distill4j.serve.guard.DistanceNormality}: PRADA's test of the distances between a key's queries (off
 *       unless calibrated: on text it did not separate a walk from chat);
 *   <li>{@link dev.distill4j.serve.guard.MmdCalibration}: a kernel two-sample test of a key's recent prompt embeddings
 *       ({@link dev.distill4j.serve.guard.PromptEmbedding}) against benign traffic, with a known false-positive rate.
 * </ul>
 * {@link dev.distill4j.serve.guard.Guard} records requests, rescores keys off the request path and keeps decisions.
 * {@link dev.distill4j.serve.guard.GuardPolicy} turns the scores into an action (allow, flag, throttle, degrade,
 * refuse) with its reasons.
 */
package dev.distill4j.serve.guard;
