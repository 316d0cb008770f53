package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.ModelPresets;
import dev.distill4j.model.generate.GenerationBenchmark;
import dev.distill4j.train.TrainingBenchmark;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure this machine: training and generation speed of the teacher configuration, the teacher client's",
            "throughput, the server's output tokens/s under concurrent clients, and curation at a million documents."},
        footer = {"", "Examples:", "  ./distill bench train --json", "  ./distill bench generate --json", "  ./distill bench client --json",
            "  ./distill bench serve --json", "  ./distill bench curate --json"},
        subcommands = {BenchCommand.Train.class, BenchCommand.Generate.class, BenchCommand.Client.class, BenchCommand.Serve.class,
            BenchCommand.Curate.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** The embedded teachers' character vocabulary is about this size; the exact size barely moves the figures. */
    static final int VOCABULARY = 100;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Tokens/s of full SFT steps (forward, backward, AdamW) on the teacher configuration, the FLOP rate",
                "that implies (6N + 12·L·d·T per token, as PaLM counts), the matmul peak measured in the same run, and MFU."},
            footer = {"", "Example:", "  ./distill bench train --json"})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--batch", defaultValue = "16", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seq", defaultValue = "512", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
        int sequence;

        @Option(names = "--steps", defaultValue = "6", description = "Measured steps, after 2 warm-up steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            ModelConfig config = ModelPresets.teacher(VOCABULARY);
            TrainingBenchmark.Figures figures = TrainingBenchmark.run(config, batch, sequence, 2, steps, 1);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode object = Json.MAPPER.createObjectNode().put("model", figures.model()).put("parameters", figures.parameters())
                        .put("batch", figures.batchSize()).put("seq", figures.sequenceLength()).put("steps", figures.steps())
                        .put("tokens_per_s", round(figures.tokensPerSecond())).put("achieved_gflops", round(figures.achievedGflops()))
                        .put("peak_gflops", round(figures.peakGflops())).put("mfu", round(figures.mfu()))
                        .put("seconds_per_step", round(figures.secondsPerStep()));
                out.println(object);
            } else {
                out.printf("model           %s%n", figures.model());
                out.printf("batch x seq     %d x %d%n", figures.batchSize(), figures.sequenceLength());
                out.printf("tokens/s        %.0f%n", figures.tokensPerSecond());
                out.printf("achieved        %.1f GFLOP/s%n", figures.achievedGflops());
                out.printf("matmul peak     %.1f GFLOP/s%n", figures.peakGflops());
                out.printf("MFU             %.1f%%%n", 100 * figures.mfu());
            }
            return ExitCode.OK.code;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Generated tokens/s of the teacher configuration at batch 1, 8 and 64 with the KV cache, and each batch's ratio to batch 1.",
            footer = {"", "Example:", "  ./distill bench generate --json"})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--tokens", defaultValue = "128", description = "Tokens generated per row (default: ${DEFAULT-VALUE}).")
        int tokens;

        @Option(names = "--prompt", defaultValue = "32", description = "Prompt tokens per row (default: ${DEFAULT-VALUE}).")
        int prompt;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            ModelConfig config = ModelPresets.teacher(VOCABULARY);
            Map<Integer, Double> rates = GenerationBenchmark.run(config, new int[] {1, 8, 64}, prompt, tokens, 1);
            PrintWriter out = spec.commandLine().getOut();
            double b1 = rates.get(1);
            if (json) {
                ObjectNode object = Json.MAPPER.createObjectNode().put("model", config.summary()).put("prompt_tokens", prompt)
                        .put("generated_tokens", tokens).put("tokens_per_s_b1", round(b1)).put("tokens_per_s_b8", round(rates.get(8)))
                        .put("tokens_per_s_b64", round(rates.get(64))).put("ratio_b8_b1", round(rates.get(8) / b1))
                        .put("ratio_b64_b1", round(rates.get(64) / b1));
                out.println(object);
            } else {
                out.printf("model      %s%n", config.summary());
                rates.forEach((batch, rate) -> out.printf("batch %-3d  %8.0f tokens/s  (%.1fx batch 1)%n", batch, rate, rate / b1));
            }
            return ExitCode.OK.code;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The teacher client against a loopback server in a child process that answers at once: requests/s, the",
                "client's own time per request (its latency minus the server's time: p50, p99), the most requests the server",
                "saw open together, and this JVM's peak heap. The server holds the first C requests until C are open."},
            footer = {"", "Examples:", "  ./distill bench client --json",
                "  DISTILL_JAVA_OPTS=-Xmx1g ./distill bench client --json      (10,000 in flight within a 1 GB heap)",
                "  ./distill bench client --requests 200 --concurrency 50"})
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        // 10,000 held in the first wave, 10,000 more answered at once: about half a minute on 2 busy cores.
        @Option(names = "--requests", defaultValue = "20000", paramLabel = "N", description = "Requests sent (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--concurrency", defaultValue = "10000", paramLabel = "C",
                description = "Requests in flight at once, each on its own virtual thread (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ClientBenchmark.Figures figures = ClientBenchmark.run(requests, concurrency);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode object = Json.MAPPER.createObjectNode().put("requests", figures.requests()).put("concurrency", figures.concurrency())
                        .put("seconds", round(figures.seconds())).put("requests_per_s", round(figures.requestsPerSecond()))
                        .put("overhead_p50_ms", round(figures.overheadP50Ms())).put("overhead_p99_ms", round(figures.overheadP99Ms()))
                        .put("max_in_flight", figures.maxInFlight()).put("peak_heap_mb", round(figures.peakHeapMb()))
                        .put("max_heap_mb", round(figures.maxHeapMb())).put("failed", figures.failed());
                out.println(object);
            } else {
                out.printf("requests        %d at %d in flight, %.1f s%n", figures.requests(), figures.concurrency(), figures.seconds());
                out.printf("requests/s      %.0f%n", figures.requestsPerSecond());
                out.printf("overhead        p50 %.2f ms, p99 %.2f ms%n", figures.overheadP50Ms(), figures.overheadP99Ms());
                out.printf("max in flight   %d%n", figures.maxInFlight());
                out.printf("peak heap       %.0f MB (max %.0f MB)%n", figures.peakHeapMb(), figures.maxHeapMb());
                if (figures.failed() > 0) {
                    out.printf("failed          %d%n", figures.failed());
                }
            }
            return figures.failed() > 0 ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Output tokens/s of `serve` with the shipped teacher for 1, 16 and 64 concurrent clients over loopback HTTP",
                "(C clients share C x R greedy arithmetic chats, each sending the next as soon as its last is answered), the",
                "ratio of 64 clients to 1, and p50/p99 request latency at 64 clients."},
            footer = {"", "Examples:", "  ./distill bench serve --json", "  ./distill bench serve --model models/my-student --requests-per-client 2"})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", defaultValue = "models/teacher-arith", paramLabel = "DIR",
                description = "The checkpoint to serve (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path model;

        @Option(names = "--requests-per-client", defaultValue = "8", paramLabel = "R",
                description = "Requests per client at each level: C clients share C x R requests (default: ${DEFAULT-VALUE}).")
        int requestsPerClient;

        @Option(names = "--max-tokens", defaultValue = "400", description = "Longest answer (default: ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--max-batch", defaultValue = "64", description = "The server's batch rows (default: ${DEFAULT-VALUE}).")
        int maxBatch;

        @Option(names = "--guard", description = "Also run it with the guard recording and scoring every request (its benchmark key"
                + " allow-listed, so only its cost shows), in the same process, and report the p50 latency without and with it.")
        boolean guard;

        @Option(names = "--batch-invariant", description = "Also run it with the teacher in batch-invariant mode (`serve --batch-invariant`:"
                + " each request's logprobs the same to the bit whatever it is batched with), in the same process, and report the tokens/s"
                + " without and with it.")
        boolean batchInvariant;

        @Option(names = {"--rounds", "--guard-rounds"}, defaultValue = "3", paramLabel = "N", description = "With --guard or --batch-invariant:"
                + " rounds of one run without and one with it, in alternating order; the figures compared are the medians over rounds"
                + " (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if ((guard || batchInvariant) && rounds < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, was " + rounds);
            }
            if (guard && batchInvariant) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "compare one thing at a time: --guard or --batch-invariant");
            }
            boolean compare = guard || batchInvariant;
            dev.distill4j.serve.ServeBenchmark.Figures figures;
            java.util.List<dev.distill4j.serve.ServeBenchmark.Figures> baselines = new java.util.ArrayList<>();
            java.util.List<dev.distill4j.serve.ServeBenchmark.Figures> variants = new java.util.ArrayList<>();
            try (dev.distill4j.model.LocalModel local = dev.distill4j.model.LocalModel.load(model)) {
                figures = measure(local, false);
                baselines.add(figures);
                // One run of each is within this shared machine's noise (+-10% p50 between runs of one setting), far above the
                // guard's cost: alternating the order (without-with, with-without, ...) cancels drift, and the median drops outliers.
                for (int round = 0; compare && round < rounds; round++) {
                    boolean variantFirst = round % 2 == 1;
                    if (round > 0 && !variantFirst) {
                        baselines.add(measure(local, false));
                    }
                    variants.add(measure(local, true));
                    if (variantFirst) {
                        baselines.add(measure(local, false));
                    }
                }
            }
            java.util.List<Double> baselineP50 = baselines.stream().map(dev.distill4j.serve.ServeBenchmark.Figures::p50Ms).toList();
            java.util.List<Double> variantP50 = variants.stream().map(dev.distill4j.serve.ServeBenchmark.Figures::p50Ms).toList();
            dev.distill4j.serve.ServeBenchmark.Figures guarded = guard ? variants.get(variants.size() - 1) : null;
            Map<Integer, Double> rates = figures.tokensPerSecond();
            double ratio = rates.get(64) / rates.get(1);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode object = Json.MAPPER.createObjectNode().put("model", figures.model()).put("max_batch", figures.maxBatch())
                        .put("requests_per_client", figures.requestsPerClient()).put("tokens_per_s_c1", round(rates.get(1)))
                        .put("tokens_per_s_c16", round(rates.get(16))).put("tokens_per_s_c64", round(rates.get(64)))
                        .put("ratio_c64_c1", round(ratio)).put("p50_ms", round(figures.p50Ms())).put("p99_ms", round(figures.p99Ms()))
                        .put("failed", figures.failed());
                figures.meanBatchRows().forEach((clients, rows) -> object.put("mean_batch_rows_c" + clients, round(rows)));
                figures.prefillPasses().forEach((clients, passes) -> object.put("prefill_passes_c" + clients, passes));
                if (guarded != null) {
                    object.put("guard_rounds", rounds).put("baseline_p50_ms", round(median(baselineP50)))
                            .put("guard_p50_ms", round(median(variantP50))).put("guard_p99_ms", round(guarded.p99Ms()))
                            .put("guard_tokens_per_s_c64", round(guarded.tokensPerSecond().get(64)))
                            .put("guard_p50_overhead", round(median(variantP50) / median(baselineP50) - 1));
                    baselineP50.forEach(object.putArray("baseline_p50_ms_runs")::add);
                    variantP50.forEach(object.putArray("guard_p50_ms_runs")::add);
                }
                if (batchInvariant) {
                    object.put("batch_invariant_rounds", rounds);
                    for (int clients : CLIENT_LEVELS) {
                        double without = medianRate(baselines, clients);
                        double with = medianRate(variants, clients);
                        object.put("baseline_tokens_per_s_c" + clients, round(without)).put("batch_invariant_tokens_per_s_c" + clients, round(with))
                                .put("batch_invariant_slowdown_c" + clients, round(without / with));
                    }
                    object.put("baseline_p50_ms", round(median(baselineP50))).put("batch_invariant_p50_ms", round(median(variantP50)));
                }
                out.println(object);
            } else {
                out.printf("model       %s (batch %d rows)%n", figures.model(), figures.maxBatch());
                rates.forEach((clients, rate) -> out.printf("%2d clients  %8.0f tokens/s  (%.1fx 1 client), batch %.1f rows on average%n", clients,
                        rate, rate / rates.get(1), figures.meanBatchRows().get(clients)));
                out.printf("latency     p50 %.0f ms, p99 %.0f ms (64 clients)%n", figures.p50Ms(), figures.p99Ms());
                if (guarded != null) {
                    out.printf("with guard  p50 %.0f ms against %.0f ms without (%+.1f%%, medians of %d runs each)%n", median(variantP50),
                            median(baselineP50), 100 * (median(variantP50) / median(baselineP50) - 1), rounds);
                }
                if (batchInvariant) {
                    for (int clients : CLIENT_LEVELS) {
                        double without = medianRate(baselines, clients);
                        double with = medianRate(variants, clients);
                        out.printf("batch-invariant %2d clients  %8.0f tokens/s against %.0f without (%.2fx slower, medians of %d runs each)%n", clients,
                                with, without, without / with, rounds);
                    }
                }
                if (figures.failed() > 0) {
                    out.printf("failed      %d%n", figures.failed());
                }
            }
            return figures.failed() > 0 ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
        }

        /** The client counts each run measures at. */
        private static final int[] CLIENT_LEVELS = {1, 16, 64};

        private static double medianRate(java.util.List<dev.distill4j.serve.ServeBenchmark.Figures> runs, int clients) {
            return median(runs.stream().map(run -> run.tokensPerSecond().get(clients)).toList());
        }

        /**
         * One run at 1, 16 and 64 clients, plain or with what is compared on: a fresh guard (its state in a new temporary
         * folder), or the teacher in batch-invariant mode.
         */
        private dev.distill4j.serve.ServeBenchmark.Figures measure(dev.distill4j.model.LocalModel local, boolean variant) throws Exception {
            local.decoder().batchInvariant(batchInvariant && variant);
            boolean withGuard = guard && variant;
            dev.distill4j.serve.guard.Guard fresh = withGuard
                    ? GuardSetup.guard(java.nio.file.Files.createTempDirectory("bench-guard"), java.util.Set.of("anonymous")) : null;
            return dev.distill4j.serve.ServeBenchmark.run(local, CLIENT_LEVELS, requestsPerClient, maxTokens, maxBatch, fresh);
        }
    }

    @Command(name = "curate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Curation of a synthetic corpus (about 200 words a document, a Zipf vocabulary) with planted near",
                "duplicates (1-3 word edits, Jaccard >= 0.81), decoys (Jaccard about 0.6-0.75), exact duplicates and 13-gram",
                "contamination from 2,000 synthetic evaluation texts: documents/s, peak heap, the indexes' size, and recall and",
                "precision of what was planted (a reported pair counts as true when its exact shingle Jaccard, measured apart",
                "from the index, reaches the threshold)."},
            footer = {"", "Examples:", "  ./distill bench curate --json", "  ./distill bench curate --docs 20000",
                "  DISTILL_JAVA_OPTS=-Xmx512m ./distill bench curate --json      (a million documents in a 512 MB heap)"})
    static final class Curate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--docs", defaultValue = "1000000", paramLabel = "N", description = "Documents (default: ${DEFAULT-VALUE}).")
        long docs;

        @Option(names = "--seed", defaultValue = "1", description = "Corpus and MinHash seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--jaccard", defaultValue = "0.8", description = "Near-duplicate threshold (default: ${DEFAULT-VALUE}).")
        double jaccard;

        @Option(names = "--shingle", defaultValue = "5", description = "Words per shingle (default: ${DEFAULT-VALUE}).")
        int shingle;

        @Option(names = "--ngram", defaultValue = "13", description = "Decontamination n-gram, in words (default: ${DEFAULT-VALUE}).")
        int ngram;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Option(names = {"-q", "--quiet"}, description = "No progress line.")
        boolean quiet;

        @Override
        public Integer call() {
            if (docs < 1 || docs > Integer.MAX_VALUE) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--docs: expected an integer in [1, " + Integer.MAX_VALUE + "], got " + docs);
            }
            dev.distill4j.core.config.CurationConfig config;
            try {
                config = dev.distill4j.core.config.CurationConfig.builder().nearDupJaccard(jaccard).shingle(shingle).ngram(ngram).build();
            } catch (dev.distill4j.core.config.InvalidFieldException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--" + e.field().replace("near_dup_", "") + ": " + e.problem());
            }
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet);
            dev.distill4j.curate.CurationBenchmark.Figures figures = dev.distill4j.curate.CurationBenchmark.run(docs, seed, config,
                    done -> progress.update(done, docs, "documents"));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode object = Json.MAPPER.createObjectNode().put("docs", figures.docs()).put("seconds", round(figures.seconds()))
                        .put("cpu_seconds", round(figures.cpuSeconds())).put("docs_per_s", round(figures.docsPerSecond()))
                        .put("peak_heap_mb", round(figures.peakHeapMb()))
                        .put("max_heap_mb", round(figures.maxHeapMb())).put("index_mb", round(figures.indexMb()))
                        .put("near_dup_planted", figures.plantedNearDuplicates()).put("near_dup_recall", ratio(figures.nearDupRecall()))
                        .put("near_dup_reported", figures.reportedNearDuplicates())
                        .put("near_dup_precision", ratio(figures.nearDupPrecision()))
                        .put("contamination_planted", figures.plantedContaminated())
                        .put("contamination_recall", ratio(figures.contaminationRecall()))
                        .put("contamination_false_positives", figures.contaminationFalsePositives())
                        .put("exact_dup_planted", figures.plantedExactDuplicates()).put("exact_dup_recall", ratio(figures.exactDupRecall()))
                        .put("verifications", figures.verifications()).put("kept", figures.funnel().kept());
                ObjectNode dropped = object.putObject("dropped");
                figures.funnel().dropped().forEach((reason, count) -> dropped.put(reason.wireName(), count));
                out.println(object);
            } else {
                out.printf("documents        %,d in %.1f s (%.1f s of CPU): %,.0f documents/s inside the curator%n", figures.docs(),
                        figures.seconds(), figures.cpuSeconds(), figures.docsPerSecond());
                out.printf("peak heap        %.0f MB (max %.0f MB); indexes %.0f MB%n", figures.peakHeapMb(), figures.maxHeapMb(),
                        figures.indexMb());
                out.printf("near duplicates  recall %.4f of %,d planted, precision %.4f of %,d reported%n", figures.nearDupRecall(),
                        figures.plantedNearDuplicates(), figures.nearDupPrecision(), figures.reportedNearDuplicates());
                out.printf("contamination    recall %.4f of %,d planted, %,d false positives%n", figures.contaminationRecall(),
                        figures.plantedContaminated(), figures.contaminationFalsePositives());
                out.printf("exact duplicates recall %.4f of %,d planted%n", figures.exactDupRecall(), figures.plantedExactDuplicates());
                out.printf("funnel           %,d in, %,d kept%n", figures.funnel().in(), figures.funnel().kept());
            }
            return ExitCode.OK.code;
        }
    }

    /** Recall and precision to 5 decimals, so that 0.99998 does not print as 1. */
    private static double ratio(double value) {
        return Math.floor(value * 100_000) / 100_000.0;
    }

    /** The middle value, or the mean of the middle two. */
    static double median(java.util.List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
