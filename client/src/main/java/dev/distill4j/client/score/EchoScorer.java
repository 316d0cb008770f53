package dev.distill4j.client.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.distill4j.client.Backoff;
import dev.distill4j.client.BoundedConcurrency;
import dev.distill4j.client.FailureClassifier;
import dev.distill4j.client.OpenAiConnections;
import dev.distill4j.client.RetryLoop;
import dev.distill4j.client.Sleeper;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.TeacherException;
import dev.distill4j.client.Ticker;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The teacher's signal for on-policy distillation: the log-probability of each token of a student's completion, in
 * context, from any OpenAI-compatible server, through the legacy completions endpoint:
 * {@code POST /completions} with {@code echo: true, logprobs: 0, max_tokens: 1, temperature: 0} and a list of texts
 * as the prompt. {@code max_tokens} is 1, not 0, because some servers (vLLM) refuse 0; the one generated token is
 * left out.
 *
 * <p>Texts go {@code maxPromptsPerRequest} to a request, {@code concurrency} requests at a time; transient failures
 * (connection, 429, 5xx) are retried with backoff, {@code maxAttempts} in all; any other 4xx fails at once with the
 * server's message. Keys are cut out of every message.
 *
 * <p>The body is read as JSON rather than through the SDK's {@code Completion}: the legacy logprobs hold nulls (the
 * first token's logprob and alternatives), which the SDK's model does not expect, and only the raw offsets say what a
 * server counted. See {@link EchoedLogprobs} for how offsets become spans, and {@link OffsetUnit} for what they count.
 */
public final class EchoScorer implements AutoCloseable {
    private static final String SCORED_COMPLETION = "a scored completion (echo + logprobs)";

    private final TeacherEndpoint endpoint;
    private final String key;
    private final OpenAIClient client;
    private final FailureClassifier classifier;
    private final RetryLoop retries;
    private final int maxPromptsPerRequest;
    private final int concurrency;
    private final OffsetUnit offsetUnit;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong scoredTokens = new AtomicLong();

    private EchoScorer(Builder b) {
        this.endpoint = b.endpoint;
        this.key = OpenAiConnections.resolveKey(b.endpoint, b.environment);
        this.classifier = new FailureClassifier(b.wallClock);
        // Backoff and RetryLoop check their fields (base, cap, attempts, deadline); built before the client opens.
        this.retries = new RetryLoop(b.endpoint.name(), key, classifier, new Backoff(b.backoffBase, b.backoffCap, b.seed), b.maxAttempts,
                b.retryDeadline, b.ticker, b.sleeper);
        this.client = OpenAiConnections.open(b.endpoint, key, b.concurrency);
        this.maxPromptsPerRequest = b.maxPromptsPerRequest;
        this.concurrency = b.concurrency;
        this.offsetUnit = b.offsetUnit;
    }

    /** A scorer with the defaults: 16 prompts a request, 4 requests at a time, 5 attempts. */
    public static EchoScorer of(TeacherEndpoint endpoint) {
        return builder(endpoint).build();
    }

    public static Builder builder(TeacherEndpoint endpoint) {
        return new Builder(endpoint);
    }

    /**
     * Per text, in the order given, the teacher's tokens from {@code scoreFrom} to the end of the text.
     *
     * @throws TeacherException     a request that failed for good: at once for a 4xx other than 429 (the message names the
     *                              endpoint and what the server said) or a server that does not score prompts; after
     *                              {@code maxAttempts} for a transient failure
     * @throws InterruptedException when interrupted; the requests in flight are interrupted too
     */
    public List<List<ScoredSpan>> score(List<ScoringText> texts) throws InterruptedException {
        if (texts == null || texts.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("field 'texts': expected a list of texts without nulls, got " + texts);
        }
        List<List<ScoringText>> chunks = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += maxPromptsPerRequest) {
            chunks.add(texts.subList(from, Math.min(texts.size(), from + maxPromptsPerRequest)));
        }
        List<List<List<ScoredSpan>>> answers = BoundedConcurrency.map(chunks, concurrency, chunk -> retries.run(() -> once(chunk)));
        List<List<ScoredSpan>> spans = new ArrayList<>(texts.size());
        answers.forEach(spans::addAll);
        return spans;
    }

    /** HTTP requests sent, retries included: what a provider bills by request. */
    public long requests() {
        return requests.get();
    }

    /** Teacher tokens returned as spans, over all calls to {@link #score}. */
    public long scoredTokens() {
        return scoredTokens.get();
    }

    public String endpointName() {
        return endpoint.name();
    }

    @Override
    public void close() {
        client.close();
    }

    /** One request for one chunk; failures come back as the SDK's exceptions or classified ones, for the retry loop. */
    private List<List<ScoredSpan>> once(List<ScoringText> chunk) {
        CompletionCreateParams params = CompletionCreateParams.builder()
                .model(endpoint.model())
                .promptOfArrayOfStrings(chunk.stream().map(ScoringText::text).toList())
                .echo(true)
                .logprobs(0L)
                .maxTokens(1L)
                .temperature(0.0)
                .build();
        requests.incrementAndGet();
        JsonNode body;
        // The SDK throws a status's exception here, before the body is ours to read.
        try (HttpResponseFor<Completion> response = client.completions().withRawResponse().create(params);
                InputStream in = response.body()) {
            body = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw classifier.unreadable(endpoint.name(), SCORED_COMPLETION, "not JSON: " + e.getOriginalMessage(), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<ScoredSpan>> spans;
        try {
            spans = EchoedLogprobs.read(body, chunk, offsetUnit);
        } catch (EchoedLogprobs.ShapeException e) {
            if (e.echoIgnored) {
                throw classifier.unsupported(endpoint.name(), "the endpoint does not return prompt logprobs (echo + logprobs), so it"
                        + " cannot score text (" + e.getMessage() + ")");
            }
            throw classifier.unreadable(endpoint.name(), SCORED_COMPLETION, e.getMessage(), key);
        }
        scoredTokens.addAndGet(spans.stream().mapToLong(List::size).sum());
        return spans.stream().map(List::copyOf).toList();
    }

    /**
     * Defaults: 16 prompts a request, 4 requests at a time, 5 attempts with backoff from 0.5 s capped at 30 s, within
     * 10 minutes per request; UTF-16 offsets (distill4j's server); seed 0; the process environment and system clocks.
     * {@link #build()} validates.
     */
    public static final class Builder {
        private final TeacherEndpoint endpoint;
        private int maxPromptsPerRequest = 16;
        private int concurrency = 4;
        private int maxAttempts = 5;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffCap = Duration.ofSeconds(30);
        private Duration retryDeadline = Duration.ofMinutes(10);
        private OffsetUnit offsetUnit = OffsetUnit.UTF16;
        private long seed;
        private UnaryOperator<String> environment = System::getenv;
        private Ticker ticker = Ticker.SYSTEM;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private InstantSource wallClock = InstantSource.system();

        private Builder(TeacherEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Texts sent in one request, as one list prompt. */
        public Builder maxPromptsPerRequest(int maxPromptsPerRequest) {
            this.maxPromptsPerRequest = maxPromptsPerRequest;
            return this;
        }

        /** Requests in flight at once. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Attempts per request in all, the first included. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Duration base, Duration cap) {
            this.backoffBase = base;
            this.backoffCap = cap;
            return this;
        }

        /** How long one request may keep retrying. */
        public Builder retryDeadline(Duration retryDeadline) {
            this.retryDeadline = retryDeadline;
            return this;
        }

        /** What the server's {@code text_offset} counts: UTF-16 units (distill4j) or code points (vLLM, Python servers). */
        public Builder offsetUnit(OffsetUnit offsetUnit) {
            this.offsetUnit = offsetUnit;
            return this;
        }

        /** Seeds the backoff's jitter, so that a run replays. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where API key variables are looked up (default: the process environment). */
        public Builder environment(UnaryOperator<String> environment) {
            this.environment = environment;
            return this;
        }

        /** The monotonic clock for the retry deadline, and what waits on it. */
        public Builder clock(Ticker ticker, Sleeper sleeper) {
            this.ticker = ticker;
            this.sleeper = sleeper;
            return this;
        }

        /** The wall clock, against which a Retry-After HTTP-date is read. */
        public Builder wallClock(InstantSource wallClock) {
            this.wallClock = wallClock;
            return this;
        }

        public EchoScorer build() {
            if (endpoint == null) {
                throw new IllegalArgumentException("field 'endpoint': expected the teacher endpoint to score with, got null");
            }
            if (maxPromptsPerRequest < 1) {
                throw new IllegalArgumentException("field 'max_prompts_per_request': expected a number >= 1, got " + maxPromptsPerRequest);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("field 'concurrency': expected a number >= 1, got " + concurrency);
            }
            if (offsetUnit == null) {
                throw new IllegalArgumentException("field 'offset_unit': expected UTF16 or CODE_POINTS, got null");
            }
            if (ticker == null || sleeper == null || wallClock == null || environment == null) {
                throw new IllegalArgumentException("field 'clock': expected a ticker, a sleeper, a wall clock and an environment");
            }
            return new EchoScorer(this);
        }
    }
}
