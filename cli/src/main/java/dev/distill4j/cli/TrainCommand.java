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
import dev.distill4j.train.SftJob;
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

    @Option(names = "--lr", description = "Peak learning rate (default: 1e-3; onpolicy and grpo: 1e-4, since a step on the model's own few samples is noisy).")
    Double lr;

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
            description = {"sft (default; with --config: training.mode), or a mode beyond SFT:",
                "kd: distill the teacher's top-k logprobs stored with the run's curated examples (--config, teacher.sampling.logprobs),",
                "    or a local --teacher DIR's full distribution on the same data SFT would use;",
                "onpolicy: the --init model answers, the teacher (--teacher or --teacher-url, or the config's) scores every token;",
                "grpo: the --init model answers each prompt --group-size times, the verifiers' scores are its rewards;",
                "rft: rounds of the --init model's own verified answers."})
    String mode;

    @Option(names = "--rounds", description = "onpolicy, grpo, rft: rounds (default: 50; rft: 3; with --config: training.policy.rounds).")
    Integer rounds;

    @Option(names = {"--group-size", "--samples"}, description = "onpolicy, grpo, rft: answers per prompt each round (default: grpo 8, rft 4, onpolicy 1).")
    Integer groupSize;

    @Option(names = "--prompts-per-round", defaultValue = "32", description = "onpolicy, grpo: training prompts answered each round (default: ${DEFAULT-VALUE}).")
    int promptsPerRound;

    @Option(names = "--steps-per-round", defaultValue = "1", description = "onpolicy, grpo: optimizer steps on each round's answers (default: ${DEFAULT-VALUE}).")
    int stepsPerRound;

    @Option(names = "--temperature", defaultValue = "1.0", description = "onpolicy, grpo, rft: sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-tokens", defaultValue = "512", description = "onpolicy, grpo, rft: the longest sampled answer (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--beta", defaultValue = "0.0", description = "grpo: weight of the KL penalty to the starting model (default: ${DEFAULT-VALUE}; the KL is logged either way).")
    double beta;

    @Option(names = "--teacher", paramLabel = "DIR", description = "onpolicy: a local teacher checkpoint that scores the student's answers;"
            + " kd: a local teacher to distill over the full vocabulary (instead of a run's stored top-k logprobs).")
    Path teacherDir;

    @Option(names = "--teacher-url", paramLabel = "URL", description = "onpolicy: an OpenAI-compatible server that scores them (/v1/completions with echo and logprobs).")
    java.net.URI teacherUrl;

    @Option(names = "--teacher-model", paramLabel = "NAME", description = "onpolicy: the model name to send to --teacher-url.")
    String teacherModel;

    @Option(names = "--teacher-key-env", paramLabel = "VAR", description = "onpolicy: the environment variable holding --teacher-url's API key.")
    String teacherKeyEnv;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TrainingMode chosen = mode();
        boolean policyMode = chosen == TrainingMode.ONPOLICY || chosen == TrainingMode.GRPO;
        learningRate = lr != null ? lr : policyMode ? 1e-4 : 1e-3;
        if (policyMode || chosen == TrainingMode.RFT) {
            PolicyTraining.run(config != null ? policyFromConfig(chosen) : policyFromFlags(chosen), spec.commandLine().getOut(), err);
            return ExitCode.OK.code;
        }
        if (chosen == TrainingMode.KD && teacherDir != null) {
            // A local teacher: the full-vocabulary KL on the same data SFT would train on.
            try (dev.distill4j.model.LocalModel teacher = dev.distill4j.model.LocalModel.load(teacherDir)) {
                SftJob.Spec base = config != null ? fromConfig() : fromFlags();
                return sft(new SftJob.Spec(base.train(), base.heldOut(), base.init(), base.preset(), base.context(), base.settings(), base.out(),
                        base.provenance(), base.dtype(), base.command() + " --mode kd --teacher " + teacherDir,
                        new dev.distill4j.train.LocalTeacherDistillation(teacher.decoder(), teacherDir.toAbsolutePath().normalize().toString(), KD_ALPHA),
                        java.util.Map.of()), err);
            }
        }
        return sft(chosen == TrainingMode.KD ? distillation() : config != null ? fromConfig() : fromFlags(), err);
    }

    private Integer sft(SftJob.Spec job, PrintWriter err) {
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
        boolean ownSamples = chosen == TrainingMode.ONPOLICY || chosen == TrainingMode.GRPO || chosen == TrainingMode.RFT;
        if (ownSamples && config == null && init == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--mode " + chosen.wireName() + " trains a model on its own answers:"
                    + " give --init DIR (a model that already gets some right) with --family or --tasks, and --out");
        }
        if (chosen == TrainingMode.KD && config == null && teacherDir == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--mode kd distills the teacher's logprobs stored in a run:"
                    + " give --config with the run's pipeline config, or --teacher DIR for a local teacher (the full-vocabulary KL)");
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

    /** onpolicy, grpo or rft of --init on the family's or file's training prompts, written to --out. */
    private PolicyTraining.Request policyFromFlags(TrainingMode chosen) {
        if (out == null) {
            throw new IllegalArgumentException("--out is required (the checkpoint folder to write)");
        }
        List<Task> prompts = source.tasks(n, seed, Split.TRAIN).stream().filter(t -> t.split() == Split.TRAIN).toList();
        PolicyTraining.Teacher teacher = null;
        if (teacherDir != null) {
            teacher = new PolicyTraining.Teacher(teacherDir, null);
        } else if (teacherUrl != null) {
            if (teacherModel == null) {
                throw new IllegalArgumentException("--teacher-url needs --teacher-model (the model name the server serves)");
            }
            teacher = new PolicyTraining.Teacher(null, dev.distill4j.client.TeacherEndpoint.builder().name("teacher").baseUrl(teacherUrl.toString())
                    .model(teacherModel).apiKey(teacherKeyEnv == null ? null : dev.distill4j.client.ApiKeySource.environment(teacherKeyEnv)).build());
        }
        int roundCount = rounds != null ? rounds : chosen == TrainingMode.RFT ? 3 : 50;
        int group = groupSize != null ? groupSize : chosen == TrainingMode.GRPO ? 8 : chosen == TrainingMode.RFT ? 4 : 1;
        SftSettings settings = SftSettings.builder().epochs(epochs).maxSteps(maxSteps).batchSize(batchSize).learningRate(learningRate)
                .warmupRatio(warmupRatio).weightDecay(weightDecay).seed(seed).build();
        String command = "./distill train --mode " + chosen.wireName() + " " + source.describe() + (source.file == null ? " --n " + n : "") + " --init "
                + init + " --out " + out + " --rounds " + roundCount + " --group-size " + group
                + (chosen == TrainingMode.RFT ? " --epochs " + epochs + (maxSteps != null ? " --max-steps " + maxSteps : "") + " --batch-size " + batchSize
                        : " --prompts-per-round " + promptsPerRound + " --steps-per-round " + stepsPerRound)
                + (chosen == TrainingMode.GRPO ? " --beta " + beta : "")
                + (teacherDir != null ? " --teacher " + teacherDir : teacherUrl != null ? " --teacher-url " + teacherUrl + " --teacher-model " + teacherModel : "")
                + " --temperature " + temperature + " --max-tokens " + maxTokens + " --lr " + learningRate + " --seed " + seed;
        return new PolicyTraining.Request(chosen, prompts, init, out, roundCount, promptsPerRound, group, stepsPerRound, temperature, maxTokens, beta,
                0.2, 0.28, true, settings, seed, teacher, null, Provenance.adHoc(out.getFileName().toString(), seed), bf16, command);
    }

    /**
     * onpolicy, grpo or rft from a pipeline config: its training prompts, training.policy's rounds, the student's init (else
     * the run's SFT model), the teacher's first endpoint as the scorer, the rounds logged to the run's store.
     */
    private PolicyTraining.Request policyFromConfig(TrainingMode chosen) {
        PipelineConfig pipeline = ConfigCheck.check(PipelineConfigLoader.load(config), TaskFamilies.discover(), Verifiers.discover());
        SftJob.Spec base = fromConfig();
        Path start = init != null ? init : pipeline.student().init() != null ? pipeline.student().init()
                : pipeline.run().folder().resolve("models").resolve(pipeline.student().name());
        if (!java.nio.file.Files.isDirectory(start)) {
            throw new IllegalArgumentException("--mode " + chosen.wireName() + " trains a model on its own answers, and there is none at " + start
                    + ": set student.init, or train it first with ./distill train --config " + config + " --mode sft");
        }
        var policy = pipeline.training().policyOrDefault();
        PolicyTraining.Teacher teacher = chosen == TrainingMode.ONPOLICY
                ? new PolicyTraining.Teacher(null, dev.distill4j.client.TeacherEndpoint.from(pipeline.teacher().endpoints().get(0))) : null;
        Path target = out != null ? out : pipeline.run().folder().resolve("models").resolve(pipeline.student().name() + "-" + chosen.wireName());
        SftSettings settings = lr != null ? base.settings().withLearningRate(lr)
                : chosen == TrainingMode.RFT ? base.settings() : base.settings().withLearningRate(policy.learningRate());
        return new PolicyTraining.Request(chosen, base.train(), start, target, policy.rounds(), policy.promptsPerRound(), policy.groupSizeFor(chosen),
                policy.stepsPerRound(), policy.temperature(), policy.maxTokens(), policy.beta(), policy.epsilonLow(), policy.epsilonHigh(),
                policy.scaleByStd(), settings, base.settings().seed(), teacher, pipeline.run().folder(), base.provenance(), false,
                "./distill train --config " + config + " --mode " + chosen.wireName());
    }
}
