package dev.distill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardAction;
import dev.distill4j.serve.guard.GuardPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Replays planned traffic against a live server on loopback, with the guard's clock compressed: requests go out in
 * simulated seconds (each second's requests at once, every key's in its order), and before each second the guard
 * rescores if its interval has passed on the simulated clock, as its background thread would on the wall clock. A
 * second ends when the guard has recorded all of its requests, not when they are answered: answers are generated in
 * the background, batched as a busy server batches them, and the guard sees the same stream however fast the machine
 * is. A seed therefore gives the same detection figures.
 *
 * <p>Keys act as their owners would: a refused key (403) stops, a throttled one (429) waits out its Retry-After and
 * asks again, a degraded answer is taken as it comes. Only attackers' answers are kept, to train their students on.
 */
final class GuardSimulation {
    /** One answered attacker request: every choice's text, and its token logprobs where it got them. */
    record Answer(String taskId, List<String> texts, List<JsonNode> logprobs) {}

    /**
     * What one population sent and what the guard did to it.
     *
     * @param keysFlagged     keys the guard acted on (flag or stronger) at some point
     * @param keysStopped     keys refused (a 403) at some point
     * @param queriesToDetect for a campaign, its requests sent when half its keys were first flagged; -1 if never
     */
    record PopulationFigures(String name, boolean attack, String description, int keys, int requests, int answered, int refused, int throttled,
            int keysFlagged, int keysStopped, long queriesToDetect, int answersObtained) {}

    /**
     * The run's figures.
     *
     * @param falsePositives      each benign key the guard acted on: the key, the first action with its reasons, and
     *                            the requests the key had sent by then
     * @param attackerAnswersLost attackers' requests let through whose answer never came (a connection failed): not
     *                            counted in any student's data
     */
    record Detection(List<PopulationFigures> populations, int attackKeys, int attackKeysFlagged, int benignKeys, int benignKeysFlagged,
            int rescorings, List<String> falsePositives, Map<String, List<Answer>> answersByCampaign, int attackerAnswersLost) {
        double tpr() {
            return attackKeys == 0 ? 0 : (double) attackKeysFlagged / attackKeys;
        }

        double fpr() {
            return benignKeys == 0 ? 0 : (double) benignKeysFlagged / benignKeys;
        }

        /**
         * Several runs' figures as one: their populations side by side, their counts summed (the campaigns that each
         * met a fresh guard alone, read together).
         */
        static Detection merge(List<Detection> runs) {
            List<PopulationFigures> populations = new ArrayList<>();
            List<String> falsePositives = new ArrayList<>();
            Map<String, List<Answer>> answers = new LinkedHashMap<>();
            int attackKeys = 0;
            int attackFlagged = 0;
            int benignKeys = 0;
            int benignFlagged = 0;
            int rescorings = 0;
            int lost = 0;
            for (Detection run : runs) {
                populations.addAll(run.populations());
                falsePositives.addAll(run.falsePositives());
                answers.putAll(run.answersByCampaign());
                attackKeys += run.attackKeys();
                attackFlagged += run.attackKeysFlagged();
                benignKeys += run.benignKeys();
                benignFlagged += run.benignKeysFlagged();
                rescorings += run.rescorings();
                lost += run.attackerAnswersLost();
            }
            return new Detection(List.copyOf(populations), attackKeys, attackFlagged, benignKeys, benignFlagged, rescorings, List.copyOf(falsePositives),
                    answers, lost);
        }

        /** The median over campaigns of {@link PopulationFigures#queriesToDetect}; a campaign never detected counts as its whole plan. */
        double medianQueriesToDetect(Map<String, Integer> planned) {
            List<Long> values = new ArrayList<>();
            for (PopulationFigures p : populations) {
                if (p.attack()) {
                    values.add(p.queriesToDetect() >= 0 ? p.queriesToDetect() : planned.get(p.name()));
                }
            }
            values.sort(Comparator.naturalOrder());
            int n = values.size();
            return n == 0 ? 0 : n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
        }
    }

    /** Per key, as the run goes. */
    private static final class KeyState {
        final String population;
        final boolean attack;
        int sent;
        int answered;
        int refused;
        int throttled;
        int flaggedAfter = -1;
        /** The guard's decision when it first acted on the key, with its reasons: what a false positive is told by. */
        String firstAction;
        boolean stopped;

        KeyState(String population, boolean attack) {
            this.population = population;
            this.attack = attack;
        }
    }

    private record Pending(long atMillis, long order, SimulatedTraffic.PlannedRequest request) {}

    private final OpenAiServer server;
    private final Guard guard;
    private final SimulatedClock clock;
    private final long rescoreMillis;
    private final Map<String, String> secrets;
    private final HttpClient http;
    private final URI chat;

    /**
     * @param guard   the server's guard (its decisions are read after each rescoring), or null for an unguarded server
     * @param secrets each key id's bearer key
     */
    GuardSimulation(OpenAiServer server, Guard guard, SimulatedClock clock, long rescoreMillis, Map<String, String> secrets) {
        this.server = server;
        this.guard = guard;
        this.clock = clock;
        this.rescoreMillis = rescoreMillis;
        this.secrets = secrets;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.chat = URI.create(server.baseUrl() + "/chat/completions");
    }

    Detection run(List<SimulatedTraffic.Population> populations, Consumer<String> progress) throws InterruptedException {
        Map<String, KeyState> keys = new LinkedHashMap<>();
        PriorityQueue<Pending> queue = new PriorityQueue<>(Comparator.comparingLong(Pending::atMillis).thenComparingLong(Pending::order));
        long order = 0;
        for (SimulatedTraffic.Population population : populations) {
            population.keys().forEach(key -> keys.put(key, new KeyState(population.name(), population.attack())));
            for (SimulatedTraffic.PlannedRequest request : population.requests()) {
                queue.add(new Pending(request.atMillis(), order++, request));
            }
        }
        List<InFlight> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> detectedAt = new HashMap<>();
        long lastRescore = queue.isEmpty() ? 0 : queue.peek().atMillis();
        int rescorings = 0;
        long wallStart = System.nanoTime();
        long lastReport = wallStart;
        int total = queue.size();
        int done = 0;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            while (!queue.isEmpty()) {
                long second = queue.peek().atMillis() / SimulatedTraffic.SECOND * SimulatedTraffic.SECOND;
                clock.advanceTo(second);
                if (guard != null && second - lastRescore >= rescoreMillis) {
                    rescore(keys, populations, detectedAt);
                    rescorings++;
                    lastRescore = second;
                }
                // This simulated second's requests, each key's in order; keys stopped by a refusal send nothing more.
                Map<String, List<Pending>> byKey = new LinkedHashMap<>();
                while (!queue.isEmpty() && queue.peek().atMillis() < second + SimulatedTraffic.SECOND) {
                    Pending pending = queue.poll();
                    done++;
                    if (!keys.get(pending.request().keyId()).stopped) {
                        byKey.computeIfAbsent(pending.request().keyId(), k -> new ArrayList<>()).add(pending);
                    }
                }
                List<Future<List<Outcome>>> futures = new ArrayList<>();
                for (List<Pending> own : byKey.values()) {
                    futures.add(senders.submit(() -> sendInOrder(own, answered)));
                }
                for (Future<List<Outcome>> future : futures) {
                    for (Outcome outcome : result(future)) {
                        KeyState state = keys.get(outcome.request().keyId());
                        state.sent++;
                        switch (outcome.status()) {
                            case 200 -> state.answered++;
                            case 403 -> {
                                state.refused++;
                                state.stopped = true;
                            }
                            case 429 -> {
                                state.throttled++;
                                // The owner waits out the Retry-After and asks again.
                                queue.add(new Pending(second + outcome.retryAfterSeconds() * SimulatedTraffic.SECOND, order++, outcome.request()));
                                total++;
                            }
                            default -> throw new IllegalStateException("the server answered " + outcome.status() + " to " + outcome.request().keyId()
                                    + ": " + outcome.body());
                        }
                    }
                }
                if (System.nanoTime() - lastReport > 5e9) {
                    lastReport = System.nanoTime();
                    long flagged = keys.values().stream().filter(k -> k.flaggedAfter >= 0).count();
                    progress.accept(String.format(java.util.Locale.ROOT, "simulated %s, %,d of %,d requests, %,d keys flagged, %.0f s",
                            Duration.ofMillis(second - populations.stream().flatMap(p -> p.requests().stream()).mapToLong(
                                    SimulatedTraffic.PlannedRequest::atMillis).min().orElse(second)), done, total, flagged,
                            (System.nanoTime() - wallStart) / 1e9));
                }
            }
        }
        if (guard != null) {
            rescore(keys, populations, detectedAt);
            rescorings++;
        }
        // Every admitted request's answer, in the order the requests were planned.
        Map<String, List<Answer>> answers = new LinkedHashMap<>();
        int lost = 0;
        for (Answered reply : awaitAll(answered)) {
            if (reply.answer() != null) {
                answers.computeIfAbsent(keys.get(reply.request().keyId()).population, p -> new ArrayList<>()).add(reply.answer());
            } else if (reply.request().taskId() != null) {
                lost++;
            }
        }
        return figures(populations, keys, answers, detectedAt, rescorings, lost);
    }

    private void rescore(Map<String, KeyState> keys, List<SimulatedTraffic.Population> populations, Map<String, Long> detectedAt) {
        server.rescoreGuard();
        for (GuardPolicy.Decision decision : guard.decisions()) {
            KeyState state = keys.get(decision.keyId());
            if (state != null && decision.action() != GuardAction.ALLOW && state.flaggedAfter < 0) {
                state.flaggedAfter = state.sent;
                state.firstAction = decision.action().name().toLowerCase(java.util.Locale.ROOT) + " (" + String.join("; ", decision.reasons()) + ")";
            }
        }
        for (SimulatedTraffic.Population population : populations) {
            if (population.attack() && !detectedAt.containsKey(population.name())) {
                long flagged = population.keys().stream().filter(k -> keys.get(k).flaggedAfter >= 0).count();
                if (2 * flagged >= population.keys().size()) {
                    detectedAt.put(population.name(), population.keys().stream().mapToLong(k -> keys.get(k).sent).sum());
                }
            }
        }
    }

    private static Detection figures(List<SimulatedTraffic.Population> populations, Map<String, KeyState> keys, Map<String, List<Answer>> answers,
            Map<String, Long> detectedAt, int rescorings, int lost) {
        List<PopulationFigures> figures = new ArrayList<>();
        int attackKeys = 0;
        int attackFlagged = 0;
        int benignKeys = 0;
        int benignFlagged = 0;
        List<String> falsePositives = new ArrayList<>();
        for (SimulatedTraffic.Population population : populations) {
            int requests = 0;
            int answered = 0;
            int refused = 0;
            int throttled = 0;
            int flagged = 0;
            int stopped = 0;
            int active = 0;
            for (String key : population.keys()) {
                KeyState state = keys.get(key);
                requests += state.sent;
                answered += state.answered;
                refused += state.refused;
                throttled += state.throttled;
                flagged += state.flaggedAfter >= 0 ? 1 : 0;
                stopped += state.stopped ? 1 : 0;
                active += state.sent > 0 ? 1 : 0;
                if (!population.attack() && state.flaggedAfter >= 0) {
                    falsePositives.add(key + ": " + state.firstAction + " after " + state.flaggedAfter + " requests");
                }
            }
            if (population.attack()) {
                attackKeys += active;
                attackFlagged += flagged;
            } else {
                benignKeys += active;
                benignFlagged += flagged;
            }
            int obtained = answers.getOrDefault(population.name(), List.of()).stream().mapToInt(a -> a.texts().size()).sum();
            figures.add(new PopulationFigures(population.name(), population.attack(), population.description(), active, requests, answered, refused,
                    throttled, flagged, stopped, population.attack() ? detectedAt.getOrDefault(population.name(), -1L) : -1, obtained));
        }
        return new Detection(List.copyOf(figures), attackKeys, attackFlagged, benignKeys, benignFlagged, rescorings, List.copyOf(falsePositives),
                answers, lost);
    }

    private record Outcome(SimulatedTraffic.PlannedRequest request, int status, long retryAfterSeconds, String body) {}

    /** A request let through whose answer is still being generated; {@code plannedOrder} puts the answers back in order. */
    private record InFlight(long plannedOrder, SimulatedTraffic.PlannedRequest request, java.util.concurrent.CompletableFuture<HttpResponse<String>> response) {}

    private record Answered(SimulatedTraffic.PlannedRequest request, Answer answer) {}

    /**
     * Sends one key's requests of a second in order. Each is sent once the one before it has been recorded by the
     * guard; one the key's current decision lets through is left to be answered in the background, while a refusal or
     * a throttle is awaited (it comes at once), and ends the key's second.
     */
    private List<Outcome> sendInOrder(List<Pending> own, List<InFlight> answered) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(own.size());
        for (Pending pending : own) {
            SimulatedTraffic.PlannedRequest request = pending.request();
            long before = guard == null ? 0 : guard.ledger().requests(request.keyId());
            var response = http.sendAsync(httpRequest(request), HttpResponse.BodyHandlers.ofString());
            if (guard != null) {
                while (guard.ledger().requests(request.keyId()) == before && !response.isDone()) {
                    Thread.sleep(0, 200_000);
                }
            }
            GuardAction action = guard == null ? GuardAction.ALLOW : guard.decision(request.keyId()).action();
            // A throttled key gets one request a second through: its first of this second (the one before it was at
            // least a second ago); the gate answers the others at once with a 429. A refusal also comes at once. An
            // answer that is let through is not awaited: behind a long queue it could take minutes.
            boolean stoppedAtTheDoor = action == GuardAction.REFUSE || (action == GuardAction.THROTTLE && !outcomes.isEmpty());
            if (stoppedAtTheDoor) {
                HttpResponse<String> done = join(response);
                if (done.statusCode() != 200) {
                    long retry = done.headers().firstValueAsLong("Retry-After").orElse(1);
                    Outcome outcome = new Outcome(request, done.statusCode(), Math.max(1, retry), done.body());
                    outcomes.add(outcome);
                    // The rest of this second's requests would meet the same answer: sent again later (throttled) or never.
                    for (int i = outcomes.size(); i < own.size(); i++) {
                        outcomes.add(new Outcome(own.get(i).request(), outcome.status(), outcome.retryAfterSeconds(), ""));
                    }
                    break;
                }
            }
            answered.add(new InFlight(pending.order(), request, response));
            outcomes.add(new Outcome(request, 200, 0, ""));
        }
        return outcomes;
    }

    /**
     * Every let-through request's answer, in planned order. A benign request's answer is not needed (the guard never
     * reads answers), so one that failed is skipped; an attacker's that failed is counted as lost (null answer).
     */
    private static List<Answered> awaitAll(List<InFlight> inFlight) throws InterruptedException {
        List<InFlight> sorted = new ArrayList<>(inFlight);
        sorted.sort(Comparator.comparingLong(InFlight::plannedOrder));
        List<Answered> answers = new ArrayList<>(sorted.size());
        for (InFlight flight : sorted) {
            HttpResponse<String> response;
            try {
                response = flight.response().get();
            } catch (java.util.concurrent.ExecutionException e) {
                answers.add(new Answered(flight.request(), null));
                continue;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the server answered " + response.statusCode() + " to a request of " + flight.request().keyId()
                        + " it had let through: " + response.body());
            }
            try {
                answers.add(new Answered(flight.request(), flight.request().taskId() == null ? null
                        : answer(flight.request().taskId(), Json.MAPPER.readTree(response.body()))));
            } catch (IOException e) {
                throw new UncheckedIOException("an answer was not JSON: " + e.getMessage(), e);
            }
        }
        return answers;
    }

    private static HttpResponse<String> join(java.util.concurrent.CompletableFuture<HttpResponse<String>> response) throws InterruptedException {
        try {
            return response.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UncheckedIOException("a simulated request failed: " + e.getCause().getMessage(),
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    private HttpRequest httpRequest(SimulatedTraffic.PlannedRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", "teacher-arith");
        body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        body.put("n", request.n()).put("temperature", request.temperature()).put("max_tokens", request.maxTokens());
        // A seed per request: the same planned request gets the same answer in every run.
        body.put("seed", (request.keyId() + "@" + request.atMillis()).hashCode());
        if (request.logprobs()) {
            body.put("logprobs", true);
            if (request.topLogprobs() > 0) {
                body.put("top_logprobs", request.topLogprobs());
            }
        }
        return HttpRequest.newBuilder(chat).timeout(Duration.ofMinutes(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + secrets.get(request.keyId())).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** The texts and the logprobs in the shape the pipeline stores them ({@code dev.distill4j.client.TokenLogprob}). */
    static Answer answer(String taskId, JsonNode response) {
        List<String> texts = new ArrayList<>();
        List<JsonNode> logprobs = new ArrayList<>();
        for (JsonNode choice : response.path("choices")) {
            texts.add(choice.path("message").path("content").asText(""));
            JsonNode content = choice.path("logprobs").path("content");
            if (!content.isArray() || content.isEmpty()) {
                logprobs.add(null);
                continue;
            }
            ArrayNode tokens = Json.MAPPER.createArrayNode();
            for (JsonNode token : content) {
                ObjectNode entry = tokens.addObject().put("token", token.path("token").asText()).put("logprob", token.path("logprob").asDouble());
                ArrayNode top = entry.putArray("top");
                for (JsonNode alternative : token.path("top_logprobs")) {
                    top.addObject().put("token", alternative.path("token").asText()).put("logprob", alternative.path("logprob").asDouble());
                }
            }
            logprobs.add(tokens);
        }
        return new Answer(taskId, texts, logprobs);
    }

    private static <T> T result(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("a simulated request failed: " + io.getMessage(), io);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }
}
