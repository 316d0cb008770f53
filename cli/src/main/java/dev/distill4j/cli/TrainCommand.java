package dev.distill4j.cli;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.config.TrainingConfig;
import dev.distill4j.core.io.TaskFile;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.core.config.TrainingMode;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.train.DistillationObjective;
import dev.distill4j.model.LocalModel;
import dev.distill4j.train.RejectionSampling;
import dev.distill4j.train.SftJob;
import dev.distill4j.train.TrainedCheckpoint;
import dev.distill4j.train.SftSettings;
import dev.distill4j.train.SftTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model by supervised fine-tuning on tasks' expert worked solutions (loss on the answer only),",
            "and write it as a Hugging Face checkpoint folder. Interrupted? Run the same command again: it resumes."},
        footer = {"", "Examples:",
            "  ./distill train --family arith --n 20000 --out models/teacher-arith --preset teacher --epochs 2",
            "  ./distill train --tasks my-tasks.jsonl --init models/teacher-arith --out models/tuned --lr 3e-4",
            "  ./distill train --config pipeline.yaml      (tasks, student and training sections)",
            "  ./distill train --config pipeline.yaml --mode kd   (the run's curated examples and the teacher's stored logprobs)",
            "  ./distill train --mode rft --family arith --n 500 --init models/student --out models/student-rft --rounds 3"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "CONFIG.yaml", description = "Take tasks, student and training settings from a pipeline config.")
    Path config;

    @Mixin
    TaskSource source;

    @Option(names = "--n", defaultValue = "10000", description = "Training tasks to generate from a family (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--eval-n", defaultValue = "200", description = "Held-out tasks for the evaluation loss (default: ${DEFAULT-VALUE}).")
    int evalN;

    @Option(names = "--out", description = "Output checkpoint folder.")
    Path out;

    @Option(names = "--preset", defaultValue = "teacher", description = "Size of a fresh model: teacher (3M parameters), small (1.3M), tiny (0.4M) or micro (0.1M) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--context", defaultValue = "1024", description = "Context length of a fresh model, in tokens (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--init", paramLabel = "DIR", description = "Fine-tune this checkpoint instead of a fresh model.")
    Path init;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", description = "Stop after this many optimizer steps.")
    Long maxSteps;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--warmup-ratio", defaultValue = "0.05", description = "Share of steps warming up (default: ${DEFAULT-VALUE}).")
    double warmupRatio;

    @Option(names = "--weight-decay", defaultValue = "0.0", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--eval-every", defaultValue = "200", description = "Held-out loss every K steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "100", description = "Save the state to resume from every K steps (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data, the initial weights and the batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bf16", description = "Store the weights as bfloat16 (half the size).")
    boolean bf16;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "sft (default; with --config: training.mode); kd: distill the teacher's top-k logprobs stored with the run's"
                    + " curated examples (needs --config and teacher.sampling.logprobs); rft: rounds of the --init model's own verified"
                    + " answers (--rounds, --samples). onpolicy and grpo: not in this release yet.")
    String mode;

    @Option(names = "--rounds", defaultValue = "3", description = "rft: rounds of sample, verify, fine-tune (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--samples", defaultValue = "4", description = "rft: answers sampled per training prompt each round (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--temperature", defaultValue = "1.0", description = "rft: sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-tokens", defaultValue = "512", description = "rft: the longest sampled answer (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TrainingMode chosen = mode();
        if (chosen == TrainingMode.RFT) {
            return rejectionSampling();
        }
        SftJob.Spec job = chosen == TrainingMode.KD ? distillation() : config != null ? fromConfig() : fromFlags();
        err.printf("training %s on %d tasks (%d held out) -> %s%n", job.init() != null ? job.init().toString() : "a fresh '" + job.preset() + "' model",
                job.train().size(), job.heldOut().size(), job.out());
        ProgressLine progress = new ProgressLine(err, quiet);
        double[] heldOut = {Double.NaN};
        SftJob.Outcome outcome = SftJob.run(job, new SftTrainer.Listener() {
            @Override
            public void onStep(SftTrainer.StepReport r) {
                String heldOutText = Double.isNaN(heldOut[0]) ? "-" : String.format("%.4f", heldOut[0]);
                progress.update(r.step(), r.totalSteps(), String.format("loss %.4f | held-out %s | lr %.2e | %,.0f tok/s", r.loss(), heldOutText,
                        r.learningRate(), r.tokensPerSecond()));
            }

            @Override
            public void onEval(long step, double loss) {
                heldOut[0] = loss;
            }

            @Override
            public void onSkippedStep(long step, double gradNorm, List<String> nonFinite) {
                err.printf("%nstep %d: gradient norm %s, update skipped (non-finite gradients: %s)%n", step, gradNorm,
                        nonFinite.size() <= 6 ? String.join(", ", nonFinite) : String.join(", ", nonFinite.subList(0, 6))
                                + " and " + (nonFinite.size() - 6) + " more");
            }

            @Override
            public void onResume(long fromStep) {
                progress.resumedAt(fromStep);
                err.printf("resuming from the state saved at step %d%n", fromStep);
            }
        });
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("wrote %s: %s, %d examples (%d too long, skipped), %d steps (%d updates skipped), final loss %.4f, %s%n", outcome.model(),
                outcome.config().summary(), outcome.examples(), outcome.droppedTooLong(), outcome.result().losses().length,
                outcome.result().skippedSteps(), outcome.result().finalLoss(), ProgressLine.clock(outcome.seconds()));
        if (!job.teacherLogprobs().isEmpty()) {
            stdout.printf("distilled from the teacher's logprobs on %d examples; %d could not be aligned with the student's tokens (cross-entropy"
                    + " only)%n", job.teacherLogprobs().size() - outcome.unaligned(), outcome.unaligned());
        }
        return ExitCode.OK.code;
    }

    private SftJob.Spec fromFlags() {
        if (out == null) {
            throw new IllegalArgumentException("--out is required (the checkpoint folder to write)");
        }
        List<Task> train = source.tasks(n, seed, Split.TRAIN);
        List<Task> heldOut = source.file != null ? List.of() : source.tasks(evalN, seed, Split.EVAL);
        if (source.file != null) {
            List<Task> all = train;
            train = all.stream().filter(t -> t.split() == Split.TRAIN).toList();
            heldOut = all.stream().filter(t -> t.split() == Split.EVAL).toList();
        }
        SftSettings settings = SftSettings.builder().epochs(epochs).maxSteps(maxSteps).batchSize(batchSize).learningRate(learningRate)
                .warmupRatio(warmupRatio).weightDecay(weightDecay).evalEvery(evalEvery).checkpointEvery(checkpointEvery).seed(seed).build();
        String command = "./distill train " + source.describe() + (source.file == null ? " --n " + n + " --eval-n " + evalN : "")
                + " --out " + out + (init != null ? " --init " + init : " --preset " + preset + " --context " + context) + " --epochs " + epochs
                + (maxSteps != null ? " --max-steps " + maxSteps : "") + " --batch-size " + batchSize + " --lr " + learningRate
                + " --warmup-ratio " + warmupRatio + " --weight-decay " + weightDecay + " --seed " + seed + (bf16 ? " --bf16" : "");
        return new SftJob.Spec(train, heldOut, init, preset, context, settings, out, Provenance.adHoc(out.getFileName().toString(), seed),
                bf16 ? DType.BF16 : DType.F32, command);
    }

    private SftJob.Spec fromConfig() {
        PipelineConfig pipeline = ConfigCheck.check(PipelineConfigLoader.load(config), TaskFamilies.discover(), Verifiers.discover());
        TrainingConfig training = pipeline.training();
        long trainingSeed = training.seed();
        List<Task> train;
        List<Task> heldOut;
        if (pipeline.tasks().fromFamily()) {
            var family = TaskFamilies.discover().get(pipeline.tasks().family());
            train = family.generate(new TaskRequest(pipeline.tasks().train(), pipeline.tasks().seed(), Split.TRAIN, pipeline.tasks().options()));
            heldOut = family.generate(new TaskRequest(pipeline.tasks().eval(), pipeline.tasks().seed(), Split.EVAL, pipeline.tasks().options()));
        } else {
            List<Task> all = TaskFile.read(pipeline.tasks().file(), Verifiers.discover());
            train = new ArrayList<>(all.stream().filter(t -> t.split() == Split.TRAIN).toList());
            heldOut = all.stream().filter(t -> t.split() == Split.EVAL).toList();
        }
        SftSettings settings = SftSettings.builder().epochs(training.epochs())
                .maxSteps(training.maxSteps() == null ? null : training.maxSteps().longValue()).batchSize(training.batchSize())
                .gradAccum(training.gradAccum()).learningRate(training.learningRate()).warmupRatio(training.warmupRatio())
                .weightDecay(training.weightDecay()).maxGradNorm(training.maxGradNorm()).evalEvery(training.evalEvery())
                .checkpointEvery(Math.max(1, training.evalEvery())).seed(trainingSeed).build();
        Path target = out != null ? out : pipeline.run().folder().resolve("models").resolve(pipeline.student().name());
        Provenance provenance = new Provenance(pipeline.run().name(), pipeline.hash(), trainingSeed, null);
        String preset = pipeline.student().preset().toString().toLowerCase(java.util.Locale.ROOT);
        return new SftJob.Spec(train, heldOut, pipeline.student().init(), preset.equals("base") ? "teacher" : preset, 1024, settings, target, provenance,
                DType.F32, "./distill train --config " + config);
    }

    /** --mode, else the config's training.mode, else sft; the modes of a later release are refused by name. */
    private TrainingMode mode() {
        TrainingMode chosen = TrainingMode.SFT;
        if (mode != null) {
            chosen = java.util.Arrays.stream(TrainingMode.values()).filter(m -> m.wireName().equals(mode)).findFirst()
                    .orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--mode: expected one of sft, kd, onpolicy, grpo, rft, got '" + mode + "'"));
        } else if (config != null) {
            chosen = PipelineConfigLoader.load(config).training().mode();
        }
        if (chosen == TrainingMode.ONPOLICY || chosen == TrainingMode.GRPO) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "training mode '" + chosen.wireName()
                    + "' is not in this release yet (sft and kd are; see the README's roadmap)");
        }
        if (chosen == TrainingMode.RFT && (config != null || init == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--mode rft fine-tunes a model on its own verified answers: give"
                    + " --init DIR (a model that already gets some right) with --family or --tasks, and --out");
        }
        if (chosen == TrainingMode.KD && config == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--mode kd distills the teacher's logprobs stored in a run:"
                    + " give --config with the run's pipeline config");
        }
        return chosen;
    }

    /**
     * Distillation: the run's curated examples (the teacher's verified completions), each with the teacher's top-k
     * logprobs stored with its sample, on the config's student and training settings.
     */
    private SftJob.Spec distillation() {
        SftJob.Spec base = fromConfig();
        PipelineConfig pipeline = PipelineConfigLoader.load(config);
        Path runDir = pipeline.run().folder();
        if (!java.nio.file.Files.isRegularFile(runDir.resolve(RunStore.FILE_NAME))) {
            throw new IllegalArgumentException("no run at " + runDir + ": run ./distill run " + config + " first (with teacher.sampling.logprobs: true)");
        }
        List<Task> train = new ArrayList<>();
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> logprobs = new java.util.HashMap<>();
        try (RunStore store = RunStore.open(runDir, Provenance.adHoc(pipeline.run().name(), pipeline.run().seed()))) {
            java.util.Map<String, Task> tasks = new java.util.HashMap<>();
            store.tasks().forEach(task -> tasks.put(task.id(), task));
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (dev.distill4j.core.Example example : store.examples().all()) {
                Task task = tasks.get(example.taskId());
                var sample = example.sampleKey() == null ? null : store.samples().get(example.sampleKey()).orElse(null);
                // One example per task: the trainer's examples are keyed by task, as the study's are.
                if (task == null || sample == null || !seen.add(task.id())) {
                    continue;
                }
                train.add(new Task(task.id(), task.family(), task.split(), task.messages(), task.reference(), sample.completion(), task.verifier(),
                        task.metadata()));
                if (sample.logprobs() != null) {
                    logprobs.put(task.id(), sample.logprobs());
                }
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the run at " + runDir + " has no curated examples: run ./distill run " + config + " first");
        }
        if (logprobs.isEmpty()) {
            throw new IllegalArgumentException("the run's samples carry no logprobs: set teacher.sampling.logprobs: true and top_logprobs, and"
                    + " generate again");
        }
        return new SftJob.Spec(train, base.heldOut(), base.init(), base.preset(), base.context(), base.settings(), base.out(), base.provenance(),
                base.dtype(), "./distill train --config " + config + " --mode kd", new DistillationObjective(KD_ALPHA), logprobs);
    }

    /** Half cross-entropy, half KL to the teacher, as the study's teacher-kd students. */
    static final double KD_ALPHA = 0.5;

    /** Rejection-sampling fine-tuning of --init on the family's or file's training prompts, R rounds, written to --out. */
    private Integer rejectionSampling() {
        if (out == null) {
            throw new IllegalArgumentException("--out is required (the checkpoint folder to write)");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<Task> prompts = source.tasks(n, seed, Split.TRAIN).stream().filter(t -> t.split() == Split.TRAIN).toList();
        SftSettings settings = SftSettings.builder().epochs(epochs).maxSteps(maxSteps).batchSize(batchSize).learningRate(learningRate)
                .warmupRatio(warmupRatio).weightDecay(weightDecay).seed(seed).build();
        String command = "./distill train --mode rft " + source.describe() + (source.file == null ? " --n " + n : "") + " --init " + init + " --out "
                + out + " --rounds " + rounds + " --samples " + samples + " --temperature " + temperature + " --max-tokens " + maxTokens + " --epochs "
                + epochs + (maxSteps != null ? " --max-steps " + maxSteps : "") + " --batch-size " + batchSize + " --lr " + learningRate + " --seed " + seed;
        StringBuilder readme = new StringBuilder("# " + out.getFileName() + "\n\n" + init.getFileName()
                + ", fine-tuned by distill4j's rejection sampling: each round the model answered the training prompts, the tasks'"
                + " verifiers kept the right answers, and it was fine-tuned on them.\n\n## Reproduce\n```\n" + command + "\n```\n\n## Rounds\n");
        try (LocalModel model = LocalModel.load(init)) {
            List<RejectionSampling.Round> done = RejectionSampling.run(model.decoder(), model.tokenizer(), model.template(), prompts,
                    Verifiers.discover(), new RejectionSampling.Settings(rounds, samples, temperature, maxTokens, settings), seed, round -> {
                        String line = String.format(java.util.Locale.ROOT, "round %d: %d answers, %d right (%.1f%%), %s", round.round(), round.sampled(),
                                round.passed(), 100 * round.passRate(), round.noSignal() ? "no signal: nothing to train on"
                                        : round.kept() + " distinct kept, final loss " + String.format(java.util.Locale.ROOT, "%.4f", round.training().finalLoss()));
                        stdout.println(line);
                        readme.append("- ").append(line).append('\n');
                    });
            Path tokenizerConfig = init.resolve(dev.distill4j.model.tokenizer.TokenizerConfig.FILE_NAME);
            TrainedCheckpoint.write(out, model.decoder(), java.nio.file.Files.readString(init.resolve(dev.distill4j.model.tokenizer.Tokenizer.FILE_NAME)),
                    java.nio.file.Files.isRegularFile(tokenizerConfig) ? java.nio.file.Files.readString(tokenizerConfig) : "{}", readme.toString(),
                    Provenance.adHoc(out.getFileName().toString(), seed), bf16 ? DType.BF16 : DType.F32);
            boolean signal = done.stream().anyMatch(r -> !r.noSignal());
            stdout.printf("wrote %s after %d round(s)%s%n", out, done.size(), signal ? "" : "; no round had signal, so the weights are unchanged");
            return ExitCode.OK.code;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
