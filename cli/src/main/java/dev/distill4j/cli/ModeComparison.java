package dev.distill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.score.EchoScorer;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.eval.study.DataSource;
import dev.distill4j.eval.study.TeacherRollout;
import dev.distill4j.eval.study.TrainingSet;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.train.DistillationObjective;
import dev.distill4j.train.Objective;
import dev.distill4j.train.PolicyRounds;
import dev.distill4j.train.RejectionSampling;
import dev.distill4j.train.SftJob;
import dev.distill4j.train.SftSettings;
import dev.distill4j.train.SftTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The training modes side by side on one student configuration and seed: a common starting student (SFT on the
 * teacher's first verified rollouts), then each mode trains a copy of it with its own signal, and every result is
 * evaluated on the same held-out tasks. Each row says what it cost: teacher queries (rollouts bought, or tokens
 * scored), the student's own samples, and training tokens.
 *
 * <ul>
 *   <li>{@code base}: the starting student.
 *   <li>{@code sft}: more verified rollouts (the teacher is asked for more), more steps.
 *   <li>{@code kd}: the same rollouts with the teacher's top-k logprobs.
 *   <li>{@code rft}: the student's own verified answers to the same prompts, in rounds; no teacher.
 *   <li>{@code onpolicy}: the student answers, the teacher scores every token through its completions endpoint.
 *   <li>{@code grpo}: the student answers each prompt G times, the verifier's scores are the rewards; no teacher.
 * </ul>
 *
 * Each row's result is kept in its folder ({@code result.json}), so an interrupted comparison resumes where it stopped.
 */
final class ModeComparison {
    /** The protocol's sizes; {@link #full()} and {@link #quick()} are the two the command offers. */
    record Plan(int trainTasks, int evalTasks, int baseExamples, int baseSteps, int moreExamples, int moreSteps, int rftRounds, int rftSamples,
            int rftStepsPerRound, int policyRounds, int onPolicyPrompts, int grpoPrompts, int grpoGroup, double learningRate, double policyLearningRate,
            double rftLearningRate, int maxTokens) {
        static Plan full() {
            return new Plan(800, 200, 200, 700, 600, 300, 3, 2, 100, 150, 32, 16, 8, 5e-3, 2e-4, 1e-3, 160);
        }

        static Plan quick() {
            return new Plan(96, 32, 32, 60, 64, 20, 1, 2, 10, 4, 8, 4, 4, 5e-3, 2e-4, 1e-3, 160);
        }
    }

    /**
     * One mode's student.
     *
     * @param teacherQueries  requests to the teacher behind this student, the starting student's included: rollouts
     *                        bought (failed ones too) plus answers scored
     * @param studentSamples  answers the student sampled to learn from
     * @param trainingTokens  tokens trained on (sequence tokens the loop read), the starting student's included
     */
    record Row(String mode, long seed, double accuracy, double low, double high, int evaluated, long teacherQueries, long studentSamples,
            long trainingTokens, double seconds, String note) {}

    private ModeComparison() {}

    static final String[] MODES = {"base", "sft", "kd", "rft", "onpolicy", "grpo"};

    static List<Row> run(Plan plan, List<Task> train, List<Task> eval, Map<String, List<TeacherRollout>> rollouts, TeacherEndpoint teacher,
            Path modelsDir, long seed, Consumer<String> progress) {
        Verifiers verifiers = Verifiers.discover();
        List<Task> ordered = new ArrayList<>(train);
        Collections.shuffle(ordered, new Random(seed));
        TrainingSet baseSet = require(TrainingSet.first(DataSource.TEACHER_VERIFIED, plan.baseExamples(), ordered, rollouts), plan.baseExamples());
        TrainingSet moreSet = require(TrainingSet.first(DataSource.TEACHER_VERIFIED, plan.moreExamples(), ordered, rollouts), plan.moreExamples());
        TrainingSet kdSet = require(TrainingSet.first(DataSource.TEACHER_KD, plan.moreExamples(), ordered, rollouts), plan.moreExamples());
        Path seedDir = modelsDir.resolve("seed-" + seed);
        List<Task> prompts = moreSet.tasks(); // the prompts the sft and kd rows learn from: every mode sees the same ones
        List<Row> rows = new ArrayList<>();

        progress.accept("base: SFT on " + plan.baseExamples() + " verified rollouts");
        Path base = seedDir.resolve("base");
        Row baseRow = cached(base, () -> {
            long began = System.nanoTime();
            SftJob.Outcome trained = sft(plan, baseSet, null, plan.baseSteps(), Objective.SFT, base, seed, eval);
            return row("base", seed, base, eval, verifiers, plan, baseSet.teacherQueries(), 0, trained.result().tokensSeen(), began, "");
        });
        rows.add(baseRow);

        progress.accept("sft: " + plan.moreExamples() + " verified rollouts, " + plan.moreSteps() + " more steps");
        Path sftDir = seedDir.resolve("sft");
        rows.add(cached(sftDir, () -> {
            long began = System.nanoTime();
            SftJob.Outcome trained = sft(plan, moreSet, base, plan.moreSteps(), Objective.SFT, sftDir, seed, eval);
            return row("sft", seed, sftDir, eval, verifiers, plan, moreSet.teacherQueries(), 0, baseRow.trainingTokens() + trained.result().tokensSeen(),
                    began, "");
        }));

        progress.accept("kd: the same rollouts with the teacher's top-5 logprobs");
        Path kdDir = seedDir.resolve("kd");
        rows.add(cached(kdDir, () -> {
            long began = System.nanoTime();
            SftJob.Outcome trained = sft(plan, kdSet, base, plan.moreSteps(), new DistillationObjective(TrainCommand.KD_ALPHA), kdDir, seed, eval);
            return row("kd", seed, kdDir, eval, verifiers, plan, kdSet.teacherQueries(), 0, baseRow.trainingTokens() + trained.result().tokensSeen(),
                    began, trained.unaligned() + " unaligned");
        }));

        progress.accept("rft: " + plan.rftRounds() + " rounds of its own verified answers");
        Path rftDir = seedDir.resolve("rft");
        rows.add(cached(rftDir, () -> {
            long began = System.nanoTime();
            try (LocalModel student = LocalModel.load(base)) {
                SftSettings settings = SftSettings.builder().batchSize(32).learningRate(plan.rftLearningRate()).maxSteps((long) plan.rftStepsPerRound())
                        .epochs(100).seed(seed).build();
                List<RejectionSampling.Round> rounds = RejectionSampling.run(student.decoder(), student.tokenizer(), student.template(), prompts,
                        verifiers, new RejectionSampling.Settings(plan.rftRounds(), plan.rftSamples(), 1.0, plan.maxTokens(), settings), seed, r -> {});
                long tokens = rounds.stream().mapToLong(r -> r.training() == null ? 0 : r.training().tokensSeen()).sum();
                long samples = rounds.stream().mapToLong(RejectionSampling.Round::sampled).sum();
                return evaluated("rft", seed, student, eval, verifiers, plan, baseSet.teacherQueries(), samples, baseRow.trainingTokens() + tokens, began,
                        rounds.stream().filter(RejectionSampling.Round::noSignal).count() + " rounds without signal");
            }
        }));

        progress.accept("onpolicy: " + plan.policyRounds() + " rounds, the teacher scoring every token");
        Path onPolicyDir = seedDir.resolve("onpolicy");
        rows.add(cached(onPolicyDir, () -> {
            long began = System.nanoTime();
            try (LocalModel student = LocalModel.load(base); EchoScorer echo = EchoScorer.of(teacher)) {
                var scorer = new EndpointTeacherScorer(echo, student.tokenizer(), student.template());
                PolicyRounds.Result result = PolicyRounds.run(student.decoder(), null, student.tokenizer(), student.template(), prompts, verifiers, scorer,
                        policy(plan, PolicyRounds.Mode.ONPOLICY, plan.onPolicyPrompts(), 1), seed, null, "", new PolicyRounds.Listener() {});
                return evaluated("onpolicy", seed, student, eval, verifiers, plan, baseSet.teacherQueries() + result.teacherQueries(), result.samples(),
                        baseRow.trainingTokens() + result.trainingTokens(), began, "");
            }
        }));

        progress.accept("grpo: " + plan.policyRounds() + " rounds of " + plan.grpoGroup() + " answers per prompt");
        Path grpoDir = seedDir.resolve("grpo");
        rows.add(cached(grpoDir, () -> {
            long began = System.nanoTime();
            try (LocalModel student = LocalModel.load(base); LocalModel reference = LocalModel.load(base)) {
                PolicyRounds.Result result = PolicyRounds.run(student.decoder(), reference.decoder(), student.tokenizer(), student.template(), prompts,
                        verifiers, null, policy(plan, PolicyRounds.Mode.GRPO, plan.grpoPrompts(), plan.grpoGroup()), seed, null, "",
                        new PolicyRounds.Listener() {});
                int skipped = result.rounds().stream().mapToInt(PolicyRounds.Round::zeroVarianceGroups).sum();
                long noSignal = result.rounds().stream().filter(r -> r.noSignal() != null).count();
                return evaluated("grpo", seed, student, eval, verifiers, plan, baseSet.teacherQueries(), result.samples(),
                        baseRow.trainingTokens() + result.trainingTokens(), began, skipped + " equal groups skipped, " + noSignal + " rounds without signal");
            }
        }));
        return rows;
    }

    private static PolicyRounds.Settings policy(Plan plan, PolicyRounds.Mode mode, int prompts, int group) {
        return new PolicyRounds.Settings(mode, plan.policyRounds(), prompts, group, 1, 1.0, plan.maxTokens(), 0.2, 0.28, 0, true,
                SftSettings.builder().learningRate(plan.policyLearningRate()).build());
    }

    private static SftJob.Outcome sft(Plan plan, TrainingSet set, Path init, int steps, Objective objective, Path out, long seed, List<Task> eval) {
        int batch = Math.min(32, set.examples());
        SftSettings settings = SftSettings.builder().batchSize(batch).learningRate(plan.learningRate()).warmupRatio(0.05).maxSteps((long) steps)
                .epochs(Math.max(1, (int) Math.ceil((double) steps * batch / set.examples()))).evalEvery(0).checkpointEvery(Math.max(50, steps / 4))
                .seed(seed).build();
        SftJob.Spec spec = new SftJob.Spec(set.tasks(), List.of(), init, "micro", 512, settings, out, Provenance.adHoc(out.getFileName().toString(), seed),
                DType.F32, "./distill modes (" + out.getFileName() + ")", objective, set.teacherLogprobs());
        return SftJob.run(spec, new SftTrainer.Listener() {});
    }

    private static Row row(String mode, long seed, Path model, List<Task> eval, Verifiers verifiers, Plan plan, long queries, long samples, long tokens,
            long began, String note) {
        try (LocalModel student = LocalModel.load(model)) {
            return evaluated(mode, seed, student, eval, verifiers, plan, queries, samples, tokens, began, note);
        }
    }

    private static Row evaluated(String mode, long seed, LocalModel student, List<Task> eval, Verifiers verifiers, Plan plan, long queries, long samples,
            long tokens, long began, String note) {
        ModelEvaluation.Slice overall = ModelEvaluation.run(student, eval, verifiers, plan.maxTokens(), done -> {}).overall();
        return new Row(mode, seed, overall.accuracy(), overall.ci95().low(), overall.ci95().high(), (int) overall.n(), queries, samples, tokens,
                (System.nanoTime() - began) / 1e9, note);
    }

    private static TrainingSet require(TrainingSet set, int examples) {
        if (set == null) {
            throw new IllegalStateException("fewer than " + examples + " verified teacher rollouts: raise the training tasks");
        }
        return set;
    }

    /** A row already measured (its folder's result.json), or measured now and kept there. */
    private static Row cached(Path folder, java.util.function.Supplier<Row> measure) {
        Path file = folder.resolve("result.json");
        try {
            if (Files.isRegularFile(file)) {
                JsonNode node = Json.MAPPER.readTree(Files.readString(file));
                return Json.MAPPER.treeToValue(node, Row.class);
            }
            Row row = measure.get();
            Files.createDirectories(folder);
            dev.distill4j.core.AtomicFiles.writeText(file, out -> out.write(Json.MAPPER.writeValueAsString(row)));
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }
}
