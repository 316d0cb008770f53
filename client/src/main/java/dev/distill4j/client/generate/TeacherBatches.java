package dev.distill4j.client.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.client.ChatCall;
import dev.distill4j.client.FailureClassifier;
import dev.distill4j.client.FailureKind;
import dev.distill4j.client.OpenAiBatchWire;
import dev.distill4j.client.ProviderBatch;
import dev.distill4j.client.Sleeper;
import dev.distill4j.client.TeacherException;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.client.Usage;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Json;
import dev.distill4j.core.Sample;
import dev.distill4j.core.TeacherBatch;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.config.BatchConfig;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.SamplingConfig;
import dev.distill4j.core.store.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * The generate stage's batch mode: a round's requests go to the provider as a batch (OpenAI's Batch API) instead of
 * live calls, at the batch price.
 *
 * <p>Exactly once, whenever the process is killed: a batch's life is written to the run store step by step
 * ({@link TeacherBatch}) and each step happens only after the one before it is stored.
 * <ol>
 *   <li>The requests are written as JSONL (custom_id = the request's content key) and uploaded. Killed here: nothing
 *       was recorded and nothing was paid; the next run uploads again.</li>
 *   <li>{@code uploaded} is stored, with every custom_id's task, first index, sample keys and body.</li>
 *   <li>The batch is created with the submission's id in its metadata. Killed before the next step, or the creation
 *       unanswered (a time-out, a dropped connection): this run or the next finds the batch by that metadata instead of
 *       creating another (none found by the next run: it was never created, and the requests are planned again).</li>
 *   <li>{@code created} is stored, before any waiting: from here a run polls this batch and never resubmits its
 *       requests.</li>
 *   <li>Poll with backoff until the batch is over; download its output and error files; store every answer's samples
 *       and request row together ({@link RunStore#putTogether}), skipping answers whose samples are stored (a run
 *       killed while storing stored some already).</li>
 *   <li>{@code settled} is stored: requests the batch did not answer may be planned again by a later run.</li>
 * </ol>
 * A new run first finishes every batch the store has in flight ({@link #settlePending}), then plans.
 */
final class TeacherBatches {
    /** The metadata pair that finds a batch whose creation was not recorded. */
    static final String SUBMISSION_METADATA = "distill4j_submission";
    private static final String CHAT = "/v1/chat/completions";
    /** Answers stored per transaction: one per answer would make a 50,000-request batch crawl. */
    private static final int STORE_CHUNK = 200;
    /** How far back (seconds) a batch's creation may precede its recorded upload, for clocks that disagree. */
    private static final long CLOCK_SLACK_SECONDS = 3600;

    private final RunStore store;
    private final OpenAiBatchWire wire;
    private final EndpointConfig endpoint;
    private final BatchConfig config;
    private final SamplingConfig sampling;
    private final SampleRows rows;
    private final PriceConfig price;
    private final Sleeper sleeper;
    private final Path spool;
    private final List<String> problems = new ArrayList<>();

    TeacherBatches(RunStore store, OpenAiBatchWire wire, EndpointConfig endpoint, BatchConfig config, SamplingConfig sampling, Sleeper sleeper) {
        this.store = store;
        this.wire = wire;
        this.endpoint = endpoint;
        this.config = config;
        this.sampling = sampling;
        this.rows = new SampleRows(sampling);
        this.price = config.batchPrice(endpoint.price());
        this.sleeper = sleeper;
        this.spool = store.file().toAbsolutePath().getParent().resolve("batches");
    }

    /** What the endpoint charges for a batched request. */
    PriceConfig price() {
        return price;
    }

    /** Whole-batch problems seen so far (failed validation, expiry, cancellation), for the summary. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    // ---- in flight from an earlier run ---------------------------------------------------------------------------

    /** Finishes every batch the store holds that is not settled: polls it, stores its answers, settles it. */
    List<Sample> settlePending(CostBudget budget, GenerationMeter meter, Set<String> failedTasks) throws InterruptedException {
        deleteSpool();
        Map<String, Map<String, TeacherBatch>> steps = new LinkedHashMap<>();
        store.batches().forEach(step -> steps.computeIfAbsent(step.submission(), k -> new HashMap<>()).put(step.step(), step));
        List<Sample> added = new ArrayList<>();
        for (Map<String, TeacherBatch> batch : steps.values()) {
            if (batch.containsKey(TeacherBatch.SETTLED) || !batch.containsKey(TeacherBatch.UPLOADED)) {
                continue;
            }
            TeacherBatch uploaded = batch.get(TeacherBatch.UPLOADED);
            String batchId = batch.containsKey(TeacherBatch.CREATED) ? batch.get(TeacherBatch.CREATED).batchId() : recover(uploaded);
            if (batchId == null) {
                continue;
            }
            meter.batch();
            // Spent before this process started: no reservation of ours covers it, the bill simply counts.
            added.addAll(await(uploaded, batchId, customId -> 0.0, budget, meter, failedTasks));
        }
        return added;
    }

    /**
     * The id of a batch whose creation was not recorded (the process was killed between creating it and storing
     * {@code created}), found by its metadata and recorded now; null when the provider has none, in which case the
     * submission is settled as never created and its requests are planned again.
     */
    private String recover(TeacherBatch uploaded) throws InterruptedException {
        long uploadedAt = uploadedAt(uploaded);
        var found = wire.findByMetadata(SUBMISSION_METADATA, uploaded.submission(), uploadedAt - CLOCK_SLACK_SECONDS);
        if (found.isPresent()) {
            store.batches().put(TeacherBatch.of(uploaded.submission(), TeacherBatch.CREATED, uploaded.endpoint(), uploaded.fileId(),
                    found.get().id(), null, null));
            return found.get().id();
        }
        ObjectNode detail = Json.MAPPER.createObjectNode().put("status", "never_created");
        store.batches().put(TeacherBatch.of(uploaded.submission(), TeacherBatch.SETTLED, uploaded.endpoint(), uploaded.fileId(),
                null, null, detail));
        return null;
    }

    private static long uploadedAt(TeacherBatch uploaded) {
        return uploaded.detail() == null ? 0 : uploaded.detail().path("uploaded_at").asLong(0);
    }

    // ---- a new round ---------------------------------------------------------------------------------------------

    /**
     * Sends a round's requests as batches of at most {@code max_requests}, each reserved against the budget at the
     * batch price first (a request that does not fit is held back, and the rest of the round with it), and stores
     * what comes back.
     */
    List<Sample> submit(List<RequestPlan> round, CostBudget budget, GenerationMeter meter, Set<String> failedTasks, AtomicBoolean heldBack)
            throws InterruptedException {
        List<Sample> added = new ArrayList<>();
        for (int start = 0; start < round.size() && !heldBack.get(); start += config.maxRequests()) {
            List<RequestPlan> chunk = round.subList(start, Math.min(round.size(), start + config.maxRequests()));
            Map<String, Double> reserved = new LinkedHashMap<>();
            List<RequestPlan> fitting = new ArrayList<>();
            for (RequestPlan plan : chunk) {
                double worstCase = GenerateStage.worstCaseUsd(call(plan), price);
                if (heldBack.get() || !budget.reserve(worstCase)) {
                    heldBack.set(true);
                    meter.heldBack(plan.count());
                    continue;
                }
                reserved.put(plan.requestKey(), worstCase);
                fitting.add(plan);
            }
            if (fitting.isEmpty()) {
                break;
            }
            added.addAll(submitOne(fitting, reserved, budget, meter, failedTasks));
        }
        return added;
    }

    private ChatCall call(RequestPlan plan) {
        // Each index gets its own seed, as in live mode, so a batched sample is the same sample as a live one.
        Long seed = sampling.seed() == null ? null : sampling.seed() + plan.firstIndex();
        return ChatCall.of(plan.task().messages(), sampling).withNAndSeed(plan.count(), seed);
    }

    private List<Sample> submitOne(List<RequestPlan> plans, Map<String, Double> reserved, CostBudget budget, GenerationMeter meter,
            Set<String> failedTasks) throws InterruptedException {
        // An attempt's identity, not its content: a submission that was never created is planned again under a new one.
        String submission = ContentKey.of("distill4j-batch-submission-v1", plans.get(0).requestKey(), Integer.toString(plans.size()),
                UUID.randomUUID().toString());
        ObjectNode requests = Json.MAPPER.createObjectNode();
        List<String> lines = new ArrayList<>(plans.size());
        for (RequestPlan plan : plans) {
            JsonNode body = OpenAiBatchWire.chatBody(endpoint.model(), call(plan));
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("custom_id", plan.requestKey());
            line.put("method", "POST");
            line.put("url", CHAT);
            line.set("body", body);
            lines.add(line.toString());
            ObjectNode entry = requests.putObject(plan.requestKey());
            entry.put("task_id", plan.task().id());
            entry.put("first_index", plan.firstIndex());
            ArrayNode keys = entry.putArray("sample_keys");
            plan.sampleKeys().forEach(keys::add);
            entry.set("body", body);
        }
        Path file = spool.resolve(submission + ".jsonl");
        AtomicFiles.writeText(file, out -> {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        });
        String fileId;
        try {
            fileId = wire.upload(file);
        } catch (TeacherException e) {
            releaseAll(reserved, budget);
            failAll(requests, e.kind(), meter, failedTasks);
            problems.add("the batch's input file could not be uploaded: " + e.getMessage());
            return List.of();
        }
        TeacherBatch uploaded = TeacherBatch.of(submission, TeacherBatch.UPLOADED, endpoint.name(), fileId, null, requests,
                Json.MAPPER.createObjectNode().put("uploaded_at", Instant.now().getEpochSecond()));
        store.batches().put(uploaded);
        String batchId;
        try {
            batchId = wire.create(fileId, CHAT, config.completionWindow(), Map.of(SUBMISSION_METADATA, submission)).id();
        } catch (TeacherException e) {
            if (e.status() == 0) {
                // No answer: the provider may have created the batch all the same. Look for it; creating another could pay twice.
                batchId = wire.findByMetadata(SUBMISSION_METADATA, submission, uploadedAt(uploaded) - CLOCK_SLACK_SECONDS)
                        .map(ProviderBatch::id).orElse(null);
                if (batchId == null) {
                    // Not listed (yet): the submission stays unsettled, and the next run looks again before planning.
                    releaseAll(reserved, budget);
                    failAll(requests, e.kind(), meter, failedTasks);
                    problems.add("the provider did not answer the creation of a batch, and does not list it: run again, and the"
                            + " next run looks for it before asking for its requests again (" + e.getMessage() + ")");
                    return List.of();
                }
            } else {
                store.batches().put(TeacherBatch.of(submission, TeacherBatch.SETTLED, endpoint.name(), fileId, null, null,
                        Json.MAPPER.createObjectNode().put("status", "refused").put("error", e.getMessage())));
                releaseAll(reserved, budget);
                failAll(requests, e.kind(), meter, failedTasks);
                problems.add("the provider refused the batch: " + e.getMessage());
                return List.of();
            }
        } finally {
            deleteQuietly(file);
        }
        store.batches().put(TeacherBatch.of(submission, TeacherBatch.CREATED, endpoint.name(), fileId, batchId, null, null));
        meter.batch();
        return await(uploaded, batchId, customId -> reserved.getOrDefault(customId, 0.0), budget, meter, failedTasks);
    }

    // ---- waiting and storing -------------------------------------------------------------------------------------

    /** Polls a batch until it is over, stores its answers, settles it. */
    private List<Sample> await(TeacherBatch uploaded, String batchId, ToDoubleFunction<String> reservedFor, CostBudget budget,
            GenerationMeter meter, Set<String> failedTasks) throws InterruptedException {
        ProviderBatch batch = poll(batchId);
        List<Sample> added = storeAnswers(uploaded, batch, reservedFor, budget, meter, failedTasks);
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("status", batch.status());
        detail.putObject("request_counts").put("total", batch.total()).put("completed", batch.completed()).put("failed", batch.failed());
        detail.put("output_file_id", batch.outputFileId());
        detail.put("error_file_id", batch.errorFileId());
        ArrayNode errors = detail.putArray("errors");
        batch.errors().forEach(errors::add);
        store.batches().put(TeacherBatch.of(uploaded.submission(), TeacherBatch.SETTLED, uploaded.endpoint(), uploaded.fileId(), batchId, null,
                detail));
        if (!batch.status().equals("completed")) {
            problems.add("batch " + batchId + " ended " + batch.status() + (batch.errors().isEmpty() ? ""
                    : ": " + String.join("; ", batch.errors().subList(0, Math.min(5, batch.errors().size())))));
        }
        return added;
    }

    /** The batch once it is over; the wait between polls doubles while nothing changes, up to max_poll_seconds. */
    private ProviderBatch poll(String batchId) throws InterruptedException {
        Duration first = Duration.ofMillis(Math.round(config.pollSeconds() * 1000));
        Duration longest = Duration.ofMillis(Math.round(config.maxPollSeconds() * 1000));
        Duration wait = first;
        ProviderBatch last = null;
        while (true) {
            ProviderBatch now = wire.retrieve(batchId);
            if (now.terminal()) {
                return now;
            }
            boolean moved = last == null || !now.status().equals(last.status()) || now.completed() != last.completed()
                    || now.failed() != last.failed();
            wait = moved ? first : (wait.multipliedBy(2).compareTo(longest) > 0 ? longest : wait.multipliedBy(2));
            sleeper.sleep(wait);
            last = now;
        }
    }

    private List<Sample> storeAnswers(TeacherBatch uploaded, ProviderBatch batch, ToDoubleFunction<String> reservedFor, CostBudget budget,
            GenerationMeter meter, Set<String> failedTasks) throws InterruptedException {
        JsonNode requests = uploaded.requests();
        Set<String> seen = new HashSet<>();
        List<Sample> added = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<TeacherRequest> requestRows = new ArrayList<>();
        Usage usage = Usage.NONE;
        double billed = 0;
        double reservedTotal = 0;
        long latencyMs = Math.max(0, Instant.now().toEpochMilli() - batch.createdAt() * 1000);
        for (JsonNode line : lines(batch.outputFileId())) {
            String customId = line.path("custom_id").asText();
            JsonNode entry = requests.get(customId);
            if (entry == null || !seen.add(customId)) {
                continue; // not one of ours, or a second answer to one: the first one counts
            }
            JsonNode response = line.path("response");
            if (!line.path("error").isNull() && !line.path("error").isMissingNode() || response.path("status_code").asInt() != 200) {
                failed(entry, kindOf(line), reservedFor.applyAsDouble(customId), budget, meter, failedTasks);
                continue;
            }
            List<String> sampleKeys = new ArrayList<>();
            entry.path("sample_keys").forEach(key -> sampleKeys.add(key.asText()));
            if (store.samples().presentKeys(sampleKeys).size() == sampleKeys.size()) {
                // Stored by a run that was killed before it settled the batch: neither stored nor billed again.
                budget.release(reservedFor.applyAsDouble(customId));
                continue;
            }
            TeacherResult result;
            try {
                result = wire.result(response.path("body"));
            } catch (TeacherException e) {
                failed(entry, e.kind(), reservedFor.applyAsDouble(customId), budget, meter, failedTasks);
                continue;
            }
            double cost = price.costUsd(result.usage().promptTokens(), result.usage().completionTokens());
            String taskId = entry.path("task_id").asText();
            List<Sample> answer = rows.samples(taskId, entry.path("first_index").asInt(), customId, sampleKeys, result, endpoint.model());
            samples.addAll(answer);
            requestRows.add(rows.request(customId, entry.path("body"), result, endpoint.model(), cost, latencyMs));
            usage = usage.plus(result.usage());
            billed += cost;
            reservedTotal += reservedFor.applyAsDouble(customId);
            added.addAll(answer);
            if (answer.size() < sampleKeys.size()) {
                meter.heldBack(sampleKeys.size() - answer.size());
            }
            if (requestRows.size() >= STORE_CHUNK) {
                commit(samples, requestRows, usage, billed, reservedTotal, budget, meter);
                usage = Usage.NONE;
                billed = 0;
                reservedTotal = 0;
            }
        }
        commit(samples, requestRows, usage, billed, reservedTotal, budget, meter);
        for (JsonNode line : lines(batch.errorFileId())) {
            String customId = line.path("custom_id").asText();
            JsonNode entry = requests.get(customId);
            if (entry != null && seen.add(customId)) {
                failed(entry, kindOf(line), reservedFor.applyAsDouble(customId), budget, meter, failedTasks);
            }
        }
        // A request the batch neither answered nor reported (a failed validation reports none) is a failure too.
        FailureKind unanswered = batch.status().equals("failed") ? FailureKind.BAD_REQUEST
                : batch.status().equals("expired") ? FailureKind.TIMEOUT : FailureKind.SERVER_ERROR;
        requests.properties().forEach(entry -> {
            if (seen.add(entry.getKey())) {
                failed(entry.getValue(), unanswered, reservedFor.applyAsDouble(entry.getKey()), budget, meter, failedTasks);
            }
        });
        return added;
    }

    /** Stores a chunk of answers in one transaction: every sample with its request row, all or none. */
    private void commit(List<Sample> samples, List<TeacherRequest> requestRows, Usage usage, double billed, double reserved, CostBudget budget,
            GenerationMeter meter) {
        if (requestRows.isEmpty()) {
            return;
        }
        int written = store.putTogether(store.samples(), samples, store.requests(), requestRows);
        budget.settle(reserved, billed);
        meter.answeredTogether(requestRows.size(), usage, billed, written);
        samples.clear();
        requestRows.clear();
    }

    private static void failed(JsonNode entry, FailureKind kind, double reserved, CostBudget budget, GenerationMeter meter,
            Set<String> failedTasks) {
        // A request the provider did not answer is not billed.
        budget.release(reserved);
        failedTasks.add(entry.path("task_id").asText());
        meter.failed(kind, entry.path("sample_keys").size());
    }

    private static void failAll(JsonNode requests, FailureKind kind, GenerationMeter meter, Set<String> failedTasks) {
        requests.properties().forEach(entry -> {
            failedTasks.add(entry.getValue().path("task_id").asText());
            meter.failed(kind, entry.getValue().path("sample_keys").size());
        });
    }

    private static void releaseAll(Map<String, Double> reserved, CostBudget budget) {
        reserved.values().forEach(budget::release);
    }

    private static FailureKind kindOf(JsonNode line) {
        int status = line.path("response").path("status_code").asInt(0);
        if (status != 0) {
            return FailureClassifier.kindOf(status);
        }
        return "batch_expired".equals(line.path("error").path("code").asText()) ? FailureKind.TIMEOUT : FailureKind.SERVER_ERROR;
    }

    private List<JsonNode> lines(String fileId) throws InterruptedException {
        List<JsonNode> lines = new ArrayList<>();
        if (fileId == null) {
            return lines;
        }
        for (String text : wire.content(fileId).split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            try {
                lines.add(Json.MAPPER.readTree(text));
            } catch (IOException e) {
                // One unreadable line costs that request, not the batch: it is planned again by a later run.
                problems.add("file " + fileId + " has a line that is not JSON: " + e.getMessage());
            }
        }
        return lines;
    }

    private void deleteSpool() {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (var files = Files.list(spool)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the batch spool folder " + spool + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover input file is removed when the next run starts.
        }
    }
}
