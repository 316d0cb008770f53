package dev.distill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.AtomicFiles;
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
import dev.distill4j.train.SftJob;
import dev.distill4j.train.SftSettings;
import dev.distill4j.train.SftTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The student an attacker trains on what it got, with this project's own pipeline: every answer checked by the
 * task's verifier, one verified answer a task kept (as {@code TrainingSet} builds a study's verified set), then
 * distillation from the top-k logprobs where the answers carried them and supervised fine-tuning where they did not,
 * with the sample-efficiency study's protocol (micro student, 1,000 steps, batch 32, learning rate 5e-3), under
 * which 1,024 verified teacher answers gave 97-98% of the teacher.
 */
final class AttackerStudent {
    /** In each student's folder: the answers it was trained on. */
    static final String ANSWERS_FILE = "attacker-answers.jsonl";

    private AttackerStudent() {}

    /** The study's protocol; {@code steps} is smaller in a quick run. */
    record Protocol(int steps, int maxTokens) {
        static Protocol full() {
            return new Protocol(1_000, 160);
        }

        static Protocol quick() {
            return new Protocol(60, 160);
        }
    }

    /**
     * @param answers             answer texts the attacker got (every choice counted)
     * @param answersWithLogprobs those that came with token logprobs
     * @param verified            tasks with at least one verified answer: the student's training examples
     * @param withLogprobs        whether it trained on the teacher's logprobs (KD, where any answer had them) or on
     *                            the texts alone (SFT)
     */
    record Result(String condition, int queriesAnswered, int answers, int answersWithLogprobs, int verified, boolean withLogprobs, double accuracy,
            double low, double high, double fractionOfTeacher) {}

    static Result train(String condition, List<GuardSimulation.Answer> got, Map<String, Task> tasks, List<Task> eval, double teacherAccuracy,
            Protocol protocol, Path dir, long seed, Verifiers verifiers) {
        Map<String, List<TeacherRollout>> rollouts = new LinkedHashMap<>();
        List<Task> ordered = new ArrayList<>();
        int answers = 0;
        int withLogprobs = 0;
        for (GuardSimulation.Answer answer : got) {
            Task task = tasks.get(answer.taskId());
            List<Task> repeated = new ArrayList<>();
            answer.texts().forEach(text -> repeated.add(task));
            List<Boolean> passes = ModelEvaluation.grade(repeated, answer.texts(), verifiers).report().verdicts().stream().map(v -> v.pass()).toList();
            List<TeacherRollout> own = rollouts.computeIfAbsent(task.id(), id -> {
                ordered.add(task);
                return new ArrayList<>();
            });
            for (int i = 0; i < answer.texts().size(); i++) {
                JsonNode logprobs = answer.logprobs().get(i);
                withLogprobs += logprobs != null ? 1 : 0;
                own.add(new TeacherRollout(task.id(), own.size(), answer.texts().get(i), passes.get(i), logprobs));
            }
            answers += answer.texts().size();
        }
        int verified = (int) rollouts.values().stream().filter(list -> list.stream().anyMatch(TeacherRollout::kept)).count();
        if (verified == 0) {
            // Nothing to learn from: the student stays at its random start, which answers nothing right.
            writeAnswers(dir.resolve(ANSWERS_FILE), got);
            return new Result(condition, got.size(), answers, withLogprobs, 0, false, 0, 0, 0, 0);
        }
        boolean anyLogprobs = withLogprobs > 0;
        DataSource source = anyLogprobs ? DataSource.TEACHER_KD : DataSource.TEACHER_VERIFIED;
        TrainingSet set = TrainingSet.first(source, verified, ordered, rollouts);
        Objective objective = anyLogprobs ? new DistillationObjective(TrainCommand.KD_ALPHA) : Objective.SFT;
        int batch = Math.min(32, set.examples());
        SftSettings settings = SftSettings.builder().batchSize(batch).learningRate(5e-3).warmupRatio(0.05).maxSteps((long) protocol.steps())
                .epochs(Math.max(1, (int) Math.ceil((double) protocol.steps() * batch / set.examples()))).evalEvery(0)
                .checkpointEvery(Math.max(50, protocol.steps() / 4)).seed(seed).build();
        SftJob.Spec spec = new SftJob.Spec(set.tasks(), List.of(), null, "micro", 512, settings, dir, Provenance.adHoc(dir.getFileName().toString(), seed),
                DType.F32, "./distill guard simulate (" + condition + ")", objective, set.teacherLogprobs());
        SftJob.run(spec, new SftTrainer.Listener() {});
        writeAnswers(dir.resolve(ANSWERS_FILE), got); // after the checkpoint, which replaces the whole folder
        try (LocalModel student = LocalModel.load(dir)) {
            ModelEvaluation.Slice overall = ModelEvaluation.run(student, eval, verifiers, protocol.maxTokens(), done -> {}).overall();
            return new Result(condition, got.size(), answers, withLogprobs, verified, anyLogprobs, overall.accuracy(), overall.ci95().low(), overall.ci95().high(),
                    teacherAccuracy == 0 ? 0 : overall.accuracy() / teacherAccuracy);
        }
    }

    /**
     * What the attacker harvested, one answered request a line ({@code task_id}, {@code texts}, {@code logprobs}), so
     * that a student can be traced to its data and two runs of a seed compared.
     */
    static void writeAnswers(Path file, List<GuardSimulation.Answer> got) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        AtomicFiles.writeText(file, writer -> {
            for (GuardSimulation.Answer answer : got) {
                ObjectNode line = Json.MAPPER.createObjectNode().put("task_id", answer.taskId());
                answer.texts().forEach(line.putArray("texts")::add);
                ArrayNode logprobs = line.putArray("logprobs");
                answer.logprobs().forEach(logprobs::add);
                writer.write(Json.MAPPER.writeValueAsString(line));
                writer.write("\n");
            }
        });
    }

    /** The tasks by id, for looking an answer's task up. */
    static Map<String, Task> byId(List<Task> tasks) {
        Map<String, Task> byId = new HashMap<>();
        tasks.forEach(task -> byId.put(task.id(), task));
        return byId;
    }
}
