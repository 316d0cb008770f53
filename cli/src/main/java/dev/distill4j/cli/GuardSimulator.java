package dev.distill4j.cli;

import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.eval.study.TrainingPool;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.ApiKeys;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import dev.distill4j.serve.guard.Degradation;
import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardLedger;
import dev.distill4j.serve.guard.GuardPolicy;
import dev.distill4j.tasks.arith.ArithFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code ./distill guard simulate}: the guard measured against the populations of {@link SimulatedTraffic}, on a live
 * server on loopback that serves the shipped arithmetic teacher.
 *
 * <ol>
 *   <li>Detection: every population at once against {@code serve --guard}'s guard; true and false positive rates over
 *       keys, and for each campaign the queries it had sent when half its keys were flagged.
 *   <li>What the attackers got: a student trained on each campaign's answers, and on what the single-key campaign gets
 *       from an unguarded server, each as a fraction of the teacher's accuracy on held-out tasks.
 *   <li>Each degradation on its own: the single-key campaign against a server that degrades it (only that way, never
 *       refusing it) from its first scoring on, and the student it trains.
 * </ol>
 */
final class GuardSimulator {
    /** A whole run's sizes. */
    record Plan(SimulatedTraffic.Scale traffic, AttackerStudent.Protocol students, int evalTasks) {
        static Plan full() {
            return new Plan(SimulatedTraffic.Scale.full(), AttackerStudent.Protocol.full(), 200);
        }

        static Plan quick() {
            return new Plan(SimulatedTraffic.Scale.quick(), AttackerStudent.Protocol.quick(), 24);
        }
    }

    /** A degradation's measured effect on the single-key attacker's student. */
    record DegradationEffect(String degradation, AttackerStudent.Result student, double dropFromUnguarded) {}

    /**
     * @param detection every population at once: the false positives (benign keys beside every campaign)
     * @param alone     each campaign alone against a fresh guard, so that none is stopped by what the guard learned from
     *                  another asking the same way: the detection rates, the queries to detect and the guarded students
     */
    record Report(long seed, boolean quick, Map<String, Integer> plannedRequests, GuardSimulation.Detection detection, GuardSimulation.Detection alone,
            double teacherAccuracy,
            AttackerStudent.Result unguarded, List<AttackerStudent.Result> guarded, List<DegradationEffect> degradations, double seconds) {
        /** The best student any campaign got past the guard, as a fraction of the teacher. */
        double attackerStudentFractionOfTeacher() {
            return guarded.stream().mapToDouble(AttackerStudent.Result::fractionOfTeacher).max().orElse(0);
        }
    }

    /** The guard's rescoring interval on the simulated clock: the server's. */
    static final long RESCORE_MILLIS = OpenAiServer.GUARD_RESCORE_MILLIS;

    private GuardSimulator() {}

    static Report run(LocalModel teacher, Plan plan, boolean quick, long seed, boolean students, Path out, Consumer<String> progress) throws InterruptedException {
        long began = System.nanoTime();
        // A row's logprobs then do not depend, to the bit, on which requests the server batched with it (see
        // Decoder.batchInvariant), so the answers, and the students distilled from them, are the same in every run of a seed.
        teacher.decoder().batchInvariant(true);
        SimulatedTraffic traffic = SimulatedTraffic.plan(plan.traffic(), seed);
        Map<String, Integer> planned = new LinkedHashMap<>();
        traffic.populations.forEach(p -> planned.put(p.name(), p.requests().size()));
        progress.accept("detection: " + planned);
        GuardSimulation.Detection detection = detect(teacher, traffic, traffic.populations, GuardPolicy.standard(), out.resolve("detection"),
                progress);
        // The campaigns ask the same tasks the same way, so in the run above the first one seen marks the way of
        // asking and the later ones are refused at their first request: each is measured again on its own.
        List<GuardSimulation.Detection> runs = new ArrayList<>();
        for (SimulatedTraffic.Population population : traffic.populations) {
            if (population.attack()) {
                progress.accept(population.name() + " alone against a fresh guard: " + population.requests().size() + " queries planned");
                runs.add(detect(teacher, traffic, List.of(population), GuardPolicy.standard(), out.resolve("alone-" + population.name()), progress));
            }
        }
        GuardSimulation.Detection alone = GuardSimulation.Detection.merge(runs);
        if (!students) {
            return new Report(seed, quick, planned, detection, alone, 0, null, List.of(), List.of(), (System.nanoTime() - began) / 1e9);
        }
        Verifiers verifiers = Verifiers.discover();
        List<Task> eval = new ArithFamily().generate(new TaskRequest(plan.evalTasks(), seed, Split.EVAL, SimulatedTraffic.TASK_OPTIONS));
        double teacherAccuracy = ModelEvaluation.run(teacher, eval, verifiers, plan.students().maxTokens(), done -> {}).overall().accuracy();
        progress.accept(String.format(java.util.Locale.ROOT, "teacher: %.1f%% on %d held-out tasks", 100 * teacherAccuracy, eval.size()));
        Map<String, Task> byId = AttackerStudent.byId(traffic.attackTasks);
        SimulatedTraffic.Population single = traffic.populations.stream().filter(p -> p.name().equals("attack-1")).findFirst().orElseThrow();

        progress.accept("unguarded: the single-key campaign's whole plan, " + single.requests().size() + " queries");
        GuardSimulation.Detection open = detect(teacher, traffic, List.of(single), null, out.resolve("unguarded"), progress);
        Map<Degradation, GuardSimulation.Detection> degradedRuns = new EnumMap<>(Degradation.class);
        for (Degradation degradation : Degradation.values()) {
            progress.accept("degradation " + degradation.configName() + " on its own");
            degradedRuns.put(degradation, detect(teacher, traffic, List.of(single), GuardPolicy.degradeOnly(Set.of(degradation)),
                    out.resolve("degrade-" + degradation.configName()), progress));
        }

        // Every answer is in: the students train side by side, one PyTorch thread each, so each is a function of the seed.
        Path studentsDir = out.resolve("students");
        List<Callable<AttackerStudent.Result>> jobs = new ArrayList<>();
        jobs.add(() -> AttackerStudent.train("unguarded attack-1", open.answersByCampaign().getOrDefault("attack-1", List.of()), byId, eval,
                teacherAccuracy, plan.students(), studentsDir.resolve("unguarded"), seed, verifiers));
        List<SimulatedTraffic.Population> attacks = traffic.populations.stream().filter(SimulatedTraffic.Population::attack).toList();
        for (SimulatedTraffic.Population population : attacks) {
            jobs.add(() -> AttackerStudent.train("guarded " + population.name(), alone.answersByCampaign().getOrDefault(population.name(), List.of()),
                    byId, eval, teacherAccuracy, plan.students(), studentsDir.resolve(population.name()), seed, verifiers));
        }
        for (Degradation degradation : Degradation.values()) {
            jobs.add(() -> AttackerStudent.train(degradation.configName(), degradedRuns.get(degradation).answersByCampaign().getOrDefault("attack-1", List.of()),
                    byId, eval, teacherAccuracy, plan.students(), studentsDir.resolve("degrade-" + degradation.configName()), seed, verifiers));
        }
        progress.accept("training " + jobs.size() + " attacker students");
        AtomicInteger trained = new AtomicInteger();
        List<Callable<AttackerStudent.Result>> reported = jobs.stream().<Callable<AttackerStudent.Result>>map(job -> () -> {
            AttackerStudent.Result result = job.call();
            progress.accept(trained.incrementAndGet() + "/" + jobs.size() + " " + describe(result));
            return result;
        }).toList();
        List<AttackerStudent.Result> results = TrainingPool.reproducible(reported, "attacker-student");
        AttackerStudent.Result unguarded = results.get(0);
        List<AttackerStudent.Result> guarded = results.subList(1, 1 + attacks.size());
        List<DegradationEffect> effects = new ArrayList<>();
        List<AttackerStudent.Result> degraded = results.subList(1 + attacks.size(), results.size());
        for (int i = 0; i < degraded.size(); i++) {
            AttackerStudent.Result result = degraded.get(i);
            effects.add(new DegradationEffect(Degradation.values()[i].configName(), result, unguarded.fractionOfTeacher() - result.fractionOfTeacher()));
        }
        return new Report(seed, quick, planned, detection, alone, teacherAccuracy, unguarded, guarded, effects, (System.nanoTime() - began) / 1e9);
    }

    private static String describe(AttackerStudent.Result result) {
        return String.format(java.util.Locale.ROOT, "%s: %d answers, %d verified tasks -> student %.1f%% (%.2f of the teacher)", result.condition(),
                result.answers(), result.verified(), 100 * result.accuracy(), result.fractionOfTeacher());
    }

    /**
     * One run of {@code populations} against a fresh server on loopback.
     *
     * @param policy the guard's policy, or null for a server without a guard
     */
    static GuardSimulation.Detection detect(LocalModel teacher, SimulatedTraffic traffic, List<SimulatedTraffic.Population> populations,
            GuardPolicy policy, Path folder, Consumer<String> progress) throws InterruptedException {
        Map<String, String> secrets = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        for (SimulatedTraffic.Population population : populations) {
            for (String key : population.keys()) {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                secrets.put(key, "sk-sim-" + HexFormat.of().formatHex(bytes));
            }
        }
        try {
            deleteRecursively(folder);
            Files.createDirectories(folder);
            Path keyFile = folder.resolve("keys.txt");
            StringBuilder lines = new StringBuilder();
            secrets.forEach((key, secret) -> lines.append(key).append(':').append(secret).append('\n'));
            Files.writeString(keyFile, lines);
            SimulatedClock clock = new SimulatedClock(traffic.startMillis);
            Guard guard = policy == null ? null
                    : new Guard(GuardSetup.settings(policy), GuardLedger.load(folder.resolve("guard").resolve(GuardLedger.FILE_NAME), 256, Map.of()));
            ServeConfig.Builder config = ServeConfig.builder().host("127.0.0.1").port(0).modelName("teacher-arith").maxBatch(64)
                    .apiKeys(ApiKeys.read(keyFile)).stateDir(folder).maxQueuedRows(1_000_000).maxRowsPerKey(1_000_000);
            if (guard != null) {
                config.guard(guard).guardClock(clock).guardRescoreMillis(0);
            }
            try (OpenAiServer server = OpenAiServer.start(teacher, config.build())) {
                return new GuardSimulation(server, guard, clock, RESCORE_MILLIS, secrets).run(populations, progress);
            } finally {
                Files.deleteIfExists(keyFile); // the secrets were made for this run; they do not outlive it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the simulation's folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
