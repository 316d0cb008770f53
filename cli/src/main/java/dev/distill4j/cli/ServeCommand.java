package dev.distill4j.cli;

import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.ApiKeys;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import dev.distill4j.serve.StateFolderInUseException;
import dev.distill4j.serve.guard.Degradation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a local model over an OpenAI-compatible API (chat, completions with echo and logprobs, streaming)",
            "with continuous batching, until stopped (Ctrl-C or SIGTERM finishes in-flight requests first). Prints the URL it",
            "listens on; one log line per request goes to stderr (the key's name or digest, never the key)."},
        footer = {"", "Examples:",
            "  ./distill serve --model models/teacher-arith",
            "  ./distill serve --model models/teacher-arith --port 0 --api-keys keys.txt --max-batch 32",
            "  ./distill serve --model models/teacher-arith --kv-cache-mb 128     (fewer rows: the rest of the load queues)",
            "  ./distill serve --model models/teacher-arith --state /var/lib/distill/teacher   (where the batch API keeps its work)",
            "  curl http://127.0.0.1:8000/v1/chat/completions -H 'Content-Type: application/json' \\",
            "       -d '{\"messages\": [{\"role\": \"user\", \"content\": \"What is 12 + 34?\"}]}'",
            "",
            "The key file has one key per line, optionally named: 'alice:sk-...'; '#' starts a comment.",
            "The batch API (/v1/files, /v1/batches) keeps uploads, batches and answers in the state folder; a server started",
            "again on it resumes unfinished batches and serves finished ones.",
            "",
            "  ./distill serve --model models/teacher-arith --api-keys keys.txt --guard --guard-degrade rounded_logprobs",
            "       (a key the guard degrades still gets n answers and logprobs, rounded to whole nats; see docs/guard.md)"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A checkpoint folder (Hugging Face layout).")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--api-keys", paramLabel = "FILE", description = "Accept only these bearer keys (default: no key needed).")
    Path apiKeys;

    @Option(names = "--name", description = "The model name clients send (default: the folder's name).")
    String name;

    @Option(names = "--max-batch", defaultValue = "64", description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--kv-cache-tokens", paramLabel = "N",
            description = "Bound of the KV cache in tokens over all rows; fewer rows when it holds fewer full rows (default: max-batch rows).")
    Long kvCacheTokens;

    @Option(names = "--kv-cache-mb", paramLabel = "MB",
            description = "The same bound in MiB of keys and values (float32), instead of --kv-cache-tokens.")
    Long kvCacheMb;

    @Option(names = "--max-queued", defaultValue = "1024",
            description = "Sequences that may wait for a row; beyond, 503 with Retry-After (default: ${DEFAULT-VALUE}).")
    int maxQueued;

    @Option(names = "--max-rows-per-key", defaultValue = "256",
            description = "Sequences one key may have queued and running; beyond, 429 (default: ${DEFAULT-VALUE}).")
    int maxRowsPerKey;

    @Option(names = "--max-n", defaultValue = "64", description = "Largest n per request (default: ${DEFAULT-VALUE}).")
    int maxN;

    @Option(names = "--max-body-bytes", defaultValue = "4194304", description = "Largest request body; beyond, 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-prompt-tokens", paramLabel = "N", description = "Longest prompt (default: the model's context less one).")
    Integer maxPromptTokens;

    @Option(names = "--shutdown-seconds", defaultValue = "30",
            description = "How long in-flight requests may take to finish at shutdown (default: ${DEFAULT-VALUE}).")
    int shutdownSeconds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the seeds drawn for requests without one (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--state", paramLabel = "DIR",
            description = "The batch API's folder (uploads, batches, answers); default: serve-state/<model name> in the working folder."
                    + " A default folder another server holds leaves this one without the batch API; a given one is an error.")
    Path state;

    @Option(names = "--max-upload-bytes", defaultValue = "209715200",
            description = "Largest file POST /v1/files takes; beyond, 413 (default: ${DEFAULT-VALUE}, 200 MiB).")
    long maxUploadBytes;

    @Option(names = "--max-batch-requests", defaultValue = "50000",
            description = "Most requests in one batch input file (default: ${DEFAULT-VALUE}).")
    int maxBatchRequests;

    @Option(names = "--batch-rows", paramLabel = "N",
            description = "Most batch rows the batch API's requests hold at once (default: half the rows; the rest stay free for live requests).")
    Integer batchRows;

    @Option(names = "--guard", description = "Detect and stop distillation attacks: each key's traffic is scored (volume, extraction-shaped"
            + " parameters, task-space coverage, coordination across keys, campaigns split over many keys) and a key is flagged, throttled, degraded or refused; decisions"
            + " and their reasons go to the request log; the guard's ledger is kept in the state folder.")
    boolean guard;

    @Option(names = "--guard-allow", paramLabel = "KEY_ID", split = ",", description = "Key ids the guard never acts on (known evaluation jobs).")
    java.util.List<String> guardAllow = java.util.List.of();

    @Option(names = "--guard-groups", paramLabel = "FILE", description = "Groups of keys scored together as well as alone (an organisation's"
            + " keys): one 'KEY_ID GROUP' a line.")
    Path guardGroups;

    @Option(names = "--guard-degrade", paramLabel = "LIST", defaultValue = "one_sample,no_logprobs,final_answer_only",
            description = "What a degraded key's answers lose, comma-separated: one_sample (n forced to 1), no_logprobs (no logprobs or"
                    + " prompt scoring), rounded_logprobs (logprobs rounded to whole nats), final_answer_only (the working withheld:"
                    + " only the answer's last line, or its text outside <think>...</think>) (default: ${DEFAULT-VALUE}).")
    String guardDegrade;

    @Option(names = "--guard-admin", paramLabel = "KEY_ID", split = ",", description = "Key ids that may read GET /guard/status (./distill guard status).")
    java.util.List<String> guardAdmins = java.util.List.of();

    @Option(names = "--batch-invariant", description = "Give each request the same logprobs, to the bit, whatever the server batches it with"
            + " (as vLLM's and SGLang's deterministic modes do): reproducible answers and scores for distillation data, at a cost in"
            + " throughput (./distill bench serve --batch-invariant measures it).")
    boolean batchInvariant;

    @Option(names = {"-q", "--quiet"}, description = "No request log.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kvCacheTokens != null && kvCacheMb != null) {
            throw new IllegalArgumentException("give --kv-cache-tokens or --kv-cache-mb, not both");
        }
        java.util.Set<Degradation> degradations;
        try {
            degradations = Degradation.parseList(guardDegrade);
        } catch (IllegalArgumentException e) {
            // Before the model loads: a typo in a flag should not cost a load.
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--guard-degrade: " + e.getMessage());
        }
        ServeConfig.Builder config = ServeConfig.builder().host(host).port(port).modelName(name).maxBatch(maxBatch).kvCacheTokens(kvCacheTokens)
                .maxQueuedRows(maxQueued).maxRowsPerKey(maxRowsPerKey).maxN(maxN).maxBodyBytes(maxBodyBytes).maxPromptTokens(maxPromptTokens)
                .shutdownDeadline(Duration.ofSeconds(shutdownSeconds)).seed(seed).maxUploadBytes(maxUploadBytes)
                .maxBatchRequests(maxBatchRequests).batchRows(batchRows);
        if (apiKeys != null) {
            config.apiKeys(ApiKeys.read(apiKeys));
        }
        if (!quiet) {
            config.requestLog(err);
        }
        LocalModel local = LocalModel.load(model);
        local.decoder().batchInvariant(batchInvariant);
        if (kvCacheMb != null) {
            config.kvCacheTokens(OpenAiServer.kvCacheTokensIn(local, kvCacheMb));
        }
        ServeConfig settings;
        try {
            settings = config.build();
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        Path stateDir = state != null ? state : Path.of("serve-state", settings.modelName() != null ? settings.modelName()
                : local.dir().toAbsolutePath().normalize().getFileName().toString());
        if (guard) {
            config.guard(GuardSetup.guard(stateDir, java.util.Set.copyOf(guardAllow),
                    guardGroups == null ? java.util.Map.of() : GuardSetup.groups(guardGroups), degradations))
                    .guardAdmins(java.util.Set.copyOf(guardAdmins));
        }
        OpenAiServer server;
        try {
            server = OpenAiServer.start(local, config.stateDir(stateDir).build());
        } catch (StateFolderInUseException e) {
            if (state != null) {
                local.close();
                throw e;
            }
            // Two servers of one model from one folder: the second still serves, without the batch API.
            err.println("distill serve: no batch API: " + e.getMessage() + " (give --state DIR)");
            try {
                server = OpenAiServer.start(local, config.stateDir(null).build());
            } catch (RuntimeException again) {
                local.close();
                throw again;
            }
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        OpenAiServer running = server;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("distill serve: shutting down (in-flight requests have " + shutdownSeconds + " s to finish)");
            err.flush();
            running.close();
            local.close();
            stopped.countDown();
        }, "distill-serve-shutdown"));
        out.println("distill serve: " + server.modelName() + " at " + server.baseUrl() + (apiKeys == null ? " (no API key needed)" : "")
                + (server.stateDir() == null ? "" : "; batch API state in " + server.stateDir()) + (guard ? "; guard on" : ""));
        out.flush();
        stopped.await();
        return ExitCode.OK.code;
    }
}
