package dev.distill4j.client.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.ChatCall;
import dev.distill4j.client.Completion;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.TeacherException;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.client.generate.CostBudget;
import dev.distill4j.client.generate.GenerateStage;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Json;
import dev.distill4j.core.JudgeReply;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.JudgeConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.store.RunStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Asks the judge through the teacher client, exactly once per request. A request's content key is the judge's
 * model(s), the messages, the sampling parameters and the attempt; an answer stored under it ({@link JudgeReply}) is
 * replayed instead of asked again, and an answer is stored the moment it comes, parsed or not, before anyone looks at
 * it. So a judge stage killed at any point and run again pays for nothing twice.
 *
 * <p>Failures the client gives up on (time-outs, 5xx past the deadline, a bad key) and a budget that cannot take the
 * request come back as a {@link Failed} outcome, never as an exception: one sample's judge trouble never stops a run.
 */
final class JudgeRequests {
    /** What asking came to. */
    sealed interface Outcome permits Answered, Failed {}

    /** The judge's reply, fresh or {@code replayed} from the store. */
    record Answered(JudgeReply reply, boolean replayed) implements Outcome {}

    /**
     * No reply: {@code kind} is {@code budget}, the client's failure kind in lower case, or {@code client_error} for an
     * exception the client did not classify.
     */
    record Failed(String kind, String reason) implements Outcome {}

    private final RunStore store;
    private final TeacherClient client;
    private final JudgeConfig config;
    private final String models;
    private final String parameters;
    private final Map<String, JsonNode> extras;
    private final Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    private final PriceConfig dearest;
    private final CostBudget budget;
    private final Map<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final DoubleAdder costUsd = new DoubleAdder();
    private final DoubleAdder savedUsd = new DoubleAdder();

    JudgeRequests(RunStore store, TeacherClient client, JudgeConfig config) {
        this.store = store;
        this.client = client;
        this.config = config;
        config.endpoints().forEach(endpoint -> endpoints.put(endpoint.name(), endpoint));
        this.models = String.join(",", config.endpoints().stream().map(EndpointConfig::model).distinct().sorted().toList());
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("temperature", config.temperature());
        sampling.put("max_tokens", config.maxTokens());
        sampling.put("seed", config.seed());
        sampling.put("json_mode", config.jsonMode());
        this.parameters = json(sampling);
        this.extras = config.jsonMode() ? Map.of("response_format", Json.MAPPER.createObjectNode().put("type", "json_object")) : Map.of();
        this.dearest = new PriceConfig(config.endpoints().stream().mapToDouble(e -> e.price().inputPerMtok()).max().orElse(0),
                config.endpoints().stream().mapToDouble(e -> e.price().outputPerMtok()).max().orElse(0));
        DoubleAdder spent = new DoubleAdder();
        store.judgeReplies().forEach(reply -> spent.add(reply.costUsd()));
        this.budget = new CostBudget(config.budgetUsd() == null ? Double.POSITIVE_INFINITY : config.budgetUsd(), spent.sum());
    }

    /** The content key of a judge request. */
    String key(List<ChatMessage> messages, int attempt) {
        return ContentKey.of("distill4j-judge-request-v1", models, json(messages), parameters, Integer.toString(attempt));
    }

    /**
     * The judge's answer to {@code messages}: the stored one if there is one, else a new request, stored before it is
     * returned.
     *
     * @param subject  what is being judged (a verdict key, a pair's key), stored with the reply
     * @param verifier the rubric as rendered in verdicts
     * @throws InterruptedException when interrupted; what was stored stays stored
     */
    Outcome ask(String subject, String verifier, List<ChatMessage> messages, int attempt) throws InterruptedException {
        String key = key(messages, attempt);
        // Identical answers to one task (common: "Answer: 42" many times) make identical requests; one is sent while
        // the others wait for it, then take its answer as a replay.
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            Outcome outcome;
            try {
                outcome = other.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
            if (outcome instanceof Answered answered) {
                replayed.incrementAndGet();
                savedUsd.add(answered.reply().costUsd());
                return new Answered(answered.reply(), true);
            }
            return outcome;
        }
        try {
            Outcome outcome = askOnce(key, subject, verifier, messages, attempt);
            mine.complete(outcome);
            return outcome;
        } catch (InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Outcome askOnce(String key, String subject, String verifier, List<ChatMessage> messages, int attempt) throws InterruptedException {
        Optional<JudgeReply> stored = store.judgeReplies().get(key);
        if (stored.isPresent()) {
            replayed.incrementAndGet();
            savedUsd.add(stored.get().costUsd());
            return new Answered(stored.get(), true);
        }
        // A seeded judge gets another seed per attempt, so that a retry can come out differently.
        Long seed = config.seed() == null ? null : config.seed() + attempt;
        ChatCall call = new ChatCall(messages, 1, config.temperature(), 1.0, config.maxTokens(), List.of(), seed, false, 0, extras);
        double reserved = GenerateStage.worstCaseUsd(call, dearest);
        if (!budget.reserve(reserved)) {
            return new Failed("budget", String.format(Locale.ROOT, "the judge's budget of $%.4f would be passed (spent $%.4f)",
                    budget.capUsd(), budget.spentUsd()));
        }
        TeacherResult result;
        try {
            result = client.call(call);
        } catch (TeacherException e) {
            // Failed requests are not billed by OpenAI-compatible providers; the message names the endpoint, never the key.
            budget.release(reserved);
            return new Failed(e.kind().name().toLowerCase(Locale.ROOT), JudgmentParser.clip(String.valueOf(e.getMessage()), 300));
        } catch (InterruptedException e) {
            budget.release(reserved);
            throw e;
        } catch (RuntimeException e) {
            // A wire that breaks its contract (an unclassified exception) is one sample's trouble, not the run's. Only the
            // exception's class and a clipped message are kept: nothing else of it is known to be free of credentials.
            budget.release(reserved);
            return new Failed("client_error", e.getClass().getSimpleName() + ": " + JudgmentParser.clip(String.valueOf(e.getMessage()), 200));
        }
        sent.incrementAndGet();
        EndpointConfig endpoint = endpoints.get(result.endpoint());
        double billed = endpoint.price().costUsd(result.usage().promptTokens(), result.usage().completionTokens());
        Completion choice = result.choices().isEmpty() ? null : result.choices().get(0);
        String model = result.model().isBlank() ? endpoint.model() : result.model();
        JudgeReply reply = new JudgeReply(key, subject, verifier, attempt, endpoint.name(), model, choice == null ? "" : choice.text(),
                choice == null ? null : choice.finishReason(), result.usage().promptTokens(), result.usage().completionTokens(), billed);
        // The commit point: from here the answer is paid for and on record, and never asked for again.
        store.judgeReplies().put(reply);
        budget.settle(reserved, billed);
        costUsd.add(billed);
        return new Answered(reply, false);
    }

    /** Requests sent to the judge by this object. */
    long sent() {
        return sent.get();
    }

    /** Answers found stored and replayed instead of asked. */
    long replayed() {
        return replayed.get();
    }

    double costUsd() {
        return costUsd.sum();
    }

    /** What the replayed answers cost when they were first asked. */
    double savedUsd() {
        return savedUsd.sum();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a key part as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
