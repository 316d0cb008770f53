package dev.distill4j.client.generate;

import dev.distill4j.client.ChatCall;
import dev.distill4j.client.OpenAiBatchWire;
import dev.distill4j.client.Sleeper;
import dev.distill4j.client.BoundedConcurrency;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.TeacherException;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.client.Ticker;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.SamplingConfig;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.Verifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The generate stage: asks the teacher for samples of every task and stores each answer the moment it arrives.
 *
 * <p>Exactly once: every sample has a content key ({@link SampleKeys}); keys already in the run store are never
 * asked for again, and the store write of an answer's samples (one transaction) is the commit point, so nothing paid
 * for lives only in memory. A stage killed at any moment and run again sends only what is missing; a stage run again
 * after it finished sends nothing.
 *
 * <p>It works in rounds: each round asks the {@link SamplingStrategy} how many samples every task still needs, sends
 * those requests concurrently on virtual threads (at most {@code maxConcurrency} holding a budget reservation at
 * once), and stores the answers. A fixed strategy finishes in one round; adaptive ones take as many as their verdicts
 * ask for.
 *
 * <p>With {@code teacher.batch.enabled} a round goes to the provider as one batch instead ({@link TeacherBatches}), at
 * the batch price, through the same exactly-once store; a run first finishes the batches an earlier run left in
 * flight, polling them rather than submitting their requests again.
 */
public final class GenerateStage {
    private final RunStore store;
    private final TeacherClient client;
    private final SamplingConfig sampling;
    private final SamplingStrategy strategy;
    private final Verifiers verifiers;
    private final Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    private final double budgetUsd;
    private final int samplesPerRequest;
    private final int maxConcurrency;
    private final Consumer<GenerationProgress> listener;
    private final List<Task> tasks;
    private final Ticker ticker;
    private final SampleKeys keys;
    private final SampleRows rows;
    private final TeacherBatches batches;

    private GenerateStage(Builder b) {
        this.store = b.store;
        this.client = b.client;
        this.sampling = b.teacher.sampling();
        this.strategy = b.strategy != null ? b.strategy : new SamplingStrategy.Fixed(sampling.n());
        this.verifiers = b.verifiers;
        b.teacher.endpoints().forEach(endpoint -> endpoints.put(endpoint.name(), endpoint));
        this.budgetUsd = b.teacher.budgetUsd() == null ? Double.POSITIVE_INFINITY : b.teacher.budgetUsd();
        this.samplesPerRequest = b.samplesPerRequest != null ? b.samplesPerRequest : sampling.n();
        this.maxConcurrency = b.maxConcurrency;
        this.listener = b.listener;
        this.tasks = b.tasks;
        this.ticker = b.ticker;
        this.keys = new SampleKeys(b.teacher.endpoints().stream().map(EndpointConfig::model).toList(), sampling);
        this.rows = new SampleRows(sampling);
        this.batches = b.teacher.batch().enabled()
                ? new TeacherBatches(b.store, b.batchWire, b.teacher.batchEndpoint(), b.teacher.batch(), sampling, b.sleeper) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client for a config's endpoints, as many in flight as the endpoints allow together. */
    public static TeacherClient.Builder clientFor(TeacherConfig teacher) {
        return TeacherClient.builder()
                .endpoints(teacher.endpoints().stream().map(TeacherEndpoint::from).toList())
                .maxConcurrency(teacher.endpoints().stream().mapToInt(EndpointConfig::maxConcurrency).sum());
    }

    /**
     * The provider batch API of a config's batch endpoint ({@code teacher.batch.endpoint}, else the first), each call
     * retried for up to 10 minutes.
     */
    public static OpenAiBatchWire batchWireFor(TeacherConfig teacher, java.util.function.UnaryOperator<String> environment, long seed) {
        return new OpenAiBatchWire(TeacherEndpoint.from(teacher.batchEndpoint()), environment, java.time.Duration.ofMinutes(10), Ticker.SYSTEM,
                Sleeper.SYSTEM, seed);
    }

    /**
     * Runs rounds until every task has what the strategy wants, the budget holds a request back, or a round adds
     * nothing. A request that fails for good is counted and its task gets no more requests in this run; running the
     * stage again retries it.
     *
     * @throws InterruptedException when interrupted: answers stored so far stay stored
     */
    public GenerationSummary run() throws InterruptedException {
        List<Task> planned = tasks != null ? tasks : store.tasks().where("split", Split.TRAIN.wireName());
        Map<String, Double> requestCosts = new HashMap<>();
        store.requests().forEach(request -> requestCosts.put(request.key(), request.costUsd()));
        CostBudget budget = new CostBudget(budgetUsd, requestCosts.values().stream().mapToDouble(Double::doubleValue).sum());
        Map<String, List<Sample>> stored = storedSamples(planned);
        Set<String> cached = new HashSet<>();
        stored.values().forEach(samples -> samples.forEach(sample -> cached.add(sample.requestKey())));
        cached.retainAll(requestCosts.keySet());
        double savedUsd = cached.stream().mapToDouble(requestCosts::get).sum();

        GenerationMeter meter = new GenerationMeter(ticker, listener);
        Map<String, Boolean> passes = new HashMap<>();
        Set<String> failedTasks = ConcurrentHashMap.newKeySet();
        AtomicBoolean heldBack = new AtomicBoolean();
        if (batches != null) {
            // Batches an earlier run left in flight are polled and stored before anything is planned: their requests
            // are paid for, and planning now would ask for them again.
            batches.settlePending(budget, meter, failedTasks).forEach(sample -> {
                List<Sample> have = stored.get(sample.taskId());
                if (have != null && sample.key().equals(keys.sampleKey(sample.taskId(), taskOf(planned, sample.taskId()).messages(),
                        sample.sampleIndex()))) {
                    have.add(sample);
                }
            });
        }
        while (true) {
            List<RequestPlan> round = new ArrayList<>();
            for (Task task : planned) {
                if (!failedTasks.contains(task.id())) {
                    round.addAll(plan(task, stored.get(task.id()), passes));
                }
            }
            if (round.isEmpty() || heldBack.get()) {
                break;
            }
            long storedNow = stored.values().stream().mapToLong(List::size).sum();
            meter.plan(storedNow, round.stream().mapToLong(RequestPlan::count).sum());
            List<Sample> added = batches != null ? batches.submit(round, budget, meter, failedTasks, heldBack)
                    : send(round, budget, meter, failedTasks, heldBack);
            added.forEach(sample -> stored.get(sample.taskId()).add(sample));
            if (added.isEmpty()) {
                break;
            }
        }
        return new GenerationSummary(planned.size(), stored.values().stream().mapToLong(List::size).sum(), meter.samplesWritten(),
                meter.sent(), meter.failedRequests(), cached.size(), meter.promptTokens(), meter.completionTokens(), meter.costUsd(),
                savedUsd, meter.errors(), heldBack.get(), meter.elapsed(), meter.batches(), batches == null ? List.of() : batches.problems());
    }

    private static Task taskOf(List<Task> planned, String taskId) {
        return planned.stream().filter(task -> task.id().equals(taskId)).findFirst().orElseThrow();
    }

    /** The stored samples of each task that were made with this run's teacher and parameters, by task id. */
    private Map<String, List<Sample>> storedSamples(List<Task> planned) {
        Map<String, Task> byId = new HashMap<>();
        Map<String, List<Sample>> stored = new LinkedHashMap<>();
        for (Task task : planned) {
            byId.put(task.id(), task);
            stored.put(task.id(), new ArrayList<>());
        }
        store.samples().forEach(sample -> {
            Task task = byId.get(sample.taskId());
            if (task != null && sample.key().equals(keys.sampleKey(task.id(), task.messages(), sample.sampleIndex()))) {
                stored.get(task.id()).add(sample);
            }
        });
        return stored;
    }

    /** The requests a task needs now: the lowest missing indices up to the strategy's target, in contiguous runs. */
    private List<RequestPlan> plan(Task task, List<Sample> have, Map<String, Boolean> passes) {
        int passed = 0;
        if (strategy.needsVerdicts()) {
            for (Sample sample : have) {
                if (passes.computeIfAbsent(sample.key(), key -> passes(task, sample.completion()))) {
                    passed++;
                }
            }
        }
        int missing = strategy.target(have.size(), passed) - have.size();
        Set<Integer> present = new HashSet<>();
        have.forEach(sample -> present.add(sample.sampleIndex()));
        List<RequestPlan> plans = new ArrayList<>();
        int index = 0;
        while (missing > 0) {
            while (present.contains(index)) {
                index++;
            }
            int first = index;
            List<String> sampleKeys = new ArrayList<>();
            while (missing > 0 && sampleKeys.size() < samplesPerRequest && !present.contains(index)) {
                sampleKeys.add(keys.sampleKey(task.id(), task.messages(), index));
                index++;
                missing--;
            }
            plans.add(new RequestPlan(task, first, sampleKeys.size(), keys.requestKey(task.id(), task.messages(), first, sampleKeys.size()),
                    sampleKeys));
        }
        return plans;
    }

    /** A verifier that throws broke its contract; the sample counts as failed rather than stopping the run. */
    private boolean passes(Task task, String completion) {
        try {
            return verifiers.forSpec(task.verifier()).verify(task, completion).pass();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private List<Sample> send(List<RequestPlan> round, CostBudget budget, GenerationMeter meter, Set<String> failedTasks,
            AtomicBoolean heldBack) throws InterruptedException {
        List<Sample> added = new ArrayList<>();
        for (List<Sample> samples : BoundedConcurrency.map(round, maxConcurrency, plan -> sendOne(plan, budget, meter, failedTasks, heldBack))) {
            added.addAll(samples);
        }
        return added;
    }

    private List<Sample> sendOne(RequestPlan plan, CostBudget budget, GenerationMeter meter, Set<String> failedTasks,
            AtomicBoolean heldBack) throws InterruptedException {
        if (heldBack.get()) {
            meter.heldBack(plan.count());
            return List.of();
        }
        // Each index gets its own seed, so that a seeded run does not ask for the same sample N times.
        Long seed = sampling.seed() == null ? null : sampling.seed() + plan.firstIndex();
        ChatCall call = ChatCall.of(plan.task().messages(), sampling).withNAndSeed(plan.count(), seed);
        double reserved = worstCaseUsd(call);
        if (!budget.reserve(reserved)) {
            heldBack.set(true);
            meter.heldBack(plan.count());
            return List.of();
        }
        long began = ticker.nanoTime();
        TeacherResult result;
        try {
            result = client.call(call);
        } catch (TeacherException e) {
            // A failed request is not billed by OpenAI-compatible providers.
            budget.release(reserved);
            failedTasks.add(plan.task().id());
            meter.failed(e.kind(), plan.count());
            return List.of();
        } catch (InterruptedException | RuntimeException e) {
            budget.release(reserved);
            throw e;
        }
        long latencyMs = (ticker.nanoTime() - began) / 1_000_000;
        EndpointConfig endpoint = endpoints.get(result.endpoint());
        double billed = endpoint.price().costUsd(result.usage().promptTokens(), result.usage().completionTokens());
        List<Sample> samples = rows.samples(plan, result, endpoint.model());
        // The commit point: once this transaction is in, the answer is never asked for again and its cost is on record.
        int written = store.putTogether(store.samples(), samples, store.requests(),
                List.of(rows.request(plan, call, result, endpoint.model(), billed, latencyMs)));
        budget.settle(reserved, billed);
        meter.answered(result.usage(), billed, written);
        if (samples.size() < plan.count()) {
            meter.heldBack(plan.count() - samples.size());
        }
        // Keys stored meanwhile by another writer are stored all the same: none of them may be asked for again.
        return samples;
    }

    /**
     * The most a call can cost at the dearest endpoint: every choice at max_tokens, and the prompt counted as one
     * token per UTF-8 byte (no tokenizer makes more tokens than bytes) plus a chat-template allowance per message,
     * once per choice because the client may split an n > 1 call into single requests.
     */
    double worstCaseUsd(ChatCall call) {
        double input = endpoints.values().stream().mapToDouble(e -> e.price().inputPerMtok()).max().orElse(0);
        double output = endpoints.values().stream().mapToDouble(e -> e.price().outputPerMtok()).max().orElse(0);
        return worstCaseUsd(call, new PriceConfig(input, output));
    }

    /** The most {@code call} can cost at {@code price}, counted as {@link #worstCaseUsd(ChatCall)} says. */
    public static double worstCaseUsd(ChatCall call, PriceConfig price) {
        long promptTokens = 0;
        for (ChatMessage message : call.messages()) {
            promptTokens += message.content().getBytes(StandardCharsets.UTF_8).length + 8;
        }
        return price.costUsd(promptTokens * call.n(), (long) call.n() * call.maxTokens());
    }

    /**
     * Defaults: the fixed strategy with the sampling config's n, n samples per request, 64 requests in flight, the
     * store's train tasks, no progress listener; {@link #build()} validates.
     */
    public static final class Builder {
        private RunStore store;
        private TeacherClient client;
        private TeacherConfig teacher;
        private SamplingStrategy strategy;
        private Verifiers verifiers;
        private Integer samplesPerRequest;
        private int maxConcurrency = 64;
        private Consumer<GenerationProgress> listener = progress -> {};
        private List<Task> tasks;
        private Ticker ticker = Ticker.SYSTEM;
        private OpenAiBatchWire batchWire;
        private Sleeper sleeper = Sleeper.SYSTEM;

        public Builder store(RunStore store) {
            this.store = store;
            return this;
        }

        /** The provider batch API, needed when {@code teacher.batch.enabled}; the caller closes it. */
        public Builder batchWire(OpenAiBatchWire batchWire) {
            this.batchWire = batchWire;
            return this;
        }

        /** What waits between polls of a batch (default: the system's sleep). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The client that sends the requests (not needed in batch mode); the caller closes it. */
        public Builder client(TeacherClient client) {
            this.client = client;
            return this;
        }

        /** Endpoints (for prices and the model in the keys), sampling parameters and the budget. */
        public Builder teacher(TeacherConfig teacher) {
            this.teacher = teacher;
            return this;
        }

        public Builder strategy(SamplingStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /** The verifiers adaptive strategies grade with (default: those on the class path). */
        public Builder verifiers(Verifiers verifiers) {
            this.verifiers = verifiers;
            return this;
        }

        public Builder samplesPerRequest(int samplesPerRequest) {
            this.samplesPerRequest = samplesPerRequest;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder progress(Consumer<GenerationProgress> listener) {
            this.listener = listener;
            return this;
        }

        /** The tasks to sample (default: the train tasks in the store). */
        public Builder tasks(List<Task> tasks) {
            this.tasks = List.copyOf(tasks);
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        public GenerateStage build() {
            if (store == null || teacher == null) {
                throw new IllegalArgumentException("field 'teacher': expected a run store and a teacher config");
            }
            if (teacher.batch().enabled() ? batchWire == null : client == null) {
                throw new IllegalArgumentException(teacher.batch().enabled()
                        ? "field 'teacher.batch': batch mode needs a batch wire (GenerateStage.batchWireFor)"
                        : "field 'teacher': expected a teacher client");
            }
            if (samplesPerRequest != null && (samplesPerRequest < 1 || samplesPerRequest > 1024)) {
                throw new IllegalArgumentException("field 'samples_per_request': expected a number in [1, 1024], got " + samplesPerRequest);
            }
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("field 'max_concurrency': expected a number >= 1, got " + maxConcurrency);
            }
            if (listener == null || ticker == null) {
                throw new IllegalArgumentException("field 'progress': expected a listener and a ticker, got null");
            }
            if (verifiers == null && strategy != null && strategy.needsVerdicts()) {
                verifiers = Verifiers.discover();
            }
            return new GenerateStage(this);
        }
    }
}
