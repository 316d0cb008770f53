package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import dev.distill4j.model.LocalModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./distill guard simulate}: the guard measured on simulated populations against a live server (see {@link GuardSimulator}). */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the guard: benign populations (chat users, batch evaluations, heavy applications) and attack campaigns",
            "(1, 10, 100 and 1,000 keys; slow and low; mimics of chat prompts) sent to a live server on loopback that serves the",
            "shipped arithmetic teacher, on a compressed clock. Prints true and false positive rates, the queries campaigns sent",
            "before detection, and how good a student each attacker trains on what it got: against the guard, unguarded, and",
            "under each degradation on its own. The same seed gives the same figures. About 25 minutes on 2 cores; --quick: 1-2."},
        footer = {"", "Examples:", "  ./distill guard simulate --json > guard-sim.json", "  ./distill guard simulate --quick --no-students"})
final class GuardSimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Small populations and short training: the same protocol, tiny.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the populations, their prompts and the students (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-students", description = "Skip training the attackers' students (detection figures only).")
    boolean noStudents;

    @Option(names = "--teacher", defaultValue = ShippedTeacher.DEFAULT, paramLabel = "DIR", description = "The model to serve (default: ${DEFAULT-VALUE}).")
    Path teacher;

    @Option(names = "--out", defaultValue = "runs/guard-simulate", paramLabel = "DIR", description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the figures as Markdown to FILE.")
    Path markdown;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ShippedTeacher.require(teacher);
        GuardSimulator.Plan plan = quick ? GuardSimulator.Plan.quick() : GuardSimulator.Plan.full();
        GuardSimulator.Report report;
        try (LocalModel model = LocalModel.load(teacher)) {
            report = GuardSimulator.run(model, plan, quick, seed, !noStudents, out.toAbsolutePath().normalize(), line -> {
                err.println(line);
                err.flush();
            });
        }
        String table = markdown(report);
        if (json) {
            stdout.println(json(report));
        } else {
            stdout.print(table);
        }
        stdout.flush();
        if (markdown != null) {
            AtomicFiles.writeText(markdown, writer -> writer.write(table));
            err.println("wrote " + markdown);
        }
        return ExitCode.OK.code;
    }

    static ObjectNode json(GuardSimulator.Report report) {
        GuardSimulation.Detection together = report.detection();
        GuardSimulation.Detection alone = report.alone();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("seed", report.seed()).put("quick", report.quick());
        // The rates of detection come from the campaigns met alone (the harder case: the guard has seen no other); the
        // false positives from every population at once (benign keys beside every campaign).
        root.put("tpr", alone.tpr()).put("fpr", together.fpr()).put("median_queries_to_detect", alone.medianQueriesToDetect(report.plannedRequests()));
        root.put("attack_keys", alone.attackKeys()).put("attack_keys_flagged", alone.attackKeysFlagged());
        root.put("benign_keys", together.benignKeys()).put("benign_keys_flagged", together.benignKeysFlagged());
        ArrayNode falsePositives = root.putArray("false_positives");
        together.falsePositives().forEach(falsePositives::add);
        root.put("rescorings", together.rescorings() + alone.rescorings())
                .put("attacker_answers_lost", together.attackerAnswersLost() + alone.attackerAnswersLost());
        root.putObject("together").put("tpr", together.tpr()).put("median_queries_to_detect", together.medianQueriesToDetect(report.plannedRequests()))
                .put("attack_keys", together.attackKeys()).put("attack_keys_flagged", together.attackKeysFlagged());
        root.set("populations", rows(together, report));
        root.set("campaigns_alone", rows(alone, report));
        if (report.unguarded() != null) {
            root.put("teacher_accuracy", report.teacherAccuracy());
            root.put("attacker_student_fraction_of_teacher", report.attackerStudentFractionOfTeacher());
            root.put("unguarded_student_fraction_of_teacher", report.unguarded().fractionOfTeacher());
            root.set("unguarded_student", Json.MAPPER.valueToTree(report.unguarded()));
            ArrayNode guarded = root.putArray("guarded_students");
            report.guarded().forEach(r -> guarded.add(Json.MAPPER.valueToTree(r)));
            ArrayNode degradations = root.putArray("degradations");
            report.degradations().forEach(d -> degradations.add(Json.MAPPER.valueToTree(d)));
        }
        root.put("seconds", report.seconds());
        return root;
    }

    private static void appendRows(StringBuilder text, GuardSimulation.Detection detection, GuardSimulator.Report report, String run) {
        for (GuardSimulation.PopulationFigures p : detection.populations()) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %,d |%n", p.name(),
                    p.attack() ? run : "together", p.keys(), report.plannedRequests().get(p.name()), p.requests(), p.answered(), p.refused(),
                    p.throttled(), p.keysFlagged(), p.keysStopped(), p.attack() ? (p.queriesToDetect() < 0 ? "never" : String.format("%,d",
                            p.queriesToDetect())) : "", p.answersObtained()));
        }
    }

    private static ArrayNode rows(GuardSimulation.Detection detection, GuardSimulator.Report report) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (GuardSimulation.PopulationFigures p : detection.populations()) {
            ObjectNode node = Json.MAPPER.valueToTree(p);
            node.put("planned_requests", report.plannedRequests().get(p.name()));
            rows.add(node);
        }
        return rows;
    }

    static String markdown(GuardSimulator.Report report) {
        GuardSimulation.Detection d = report.detection();
        GuardSimulation.Detection alone = report.alone();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Detection (seed %d%s), each campaign alone against a fresh guard: tpr %.4f (%d of %d attacker keys),"
                + " median queries to detect %.1f. Every population at once: fpr %.4f (%d of %d benign keys), tpr %.4f (%d of %d), %d rescorings.%n%n",
                report.seed(), report.quick() ? ", quick" : "", alone.tpr(), alone.attackKeysFlagged(), alone.attackKeys(),
                alone.medianQueriesToDetect(report.plannedRequests()), d.fpr(), d.benignKeysFlagged(), d.benignKeys(), d.tpr(), d.attackKeysFlagged(),
                d.attackKeys(), d.rescorings() + alone.rescorings()));
        text.append("| population | run | keys | planned | sent | answered | 403 | 429 | keys flagged | keys stopped | queries to detect | answers got |\n");
        text.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        appendRows(text, d, report, "together");
        appendRows(text, alone, report, "alone");
        if (!d.falsePositives().isEmpty()) {
            text.append(String.format("%nBenign keys the guard acted on:%n%n"));
            d.falsePositives().forEach(line -> text.append("- ").append(line).append('\n'));
        }
        if (report.unguarded() != null) {
            text.append(String.format(Locale.ROOT, "%nTeacher: %.1f%% on held-out tasks. Attackers' students (fraction of the teacher):%n%n",
                    100 * report.teacherAccuracy()));
            text.append("| condition | queries answered | answers | verified tasks | logprobs | student accuracy (95% CI) | fraction of teacher |\n");
            text.append("|---|---:|---:|---:|---|---|---:|\n");
            java.util.List<AttackerStudent.Result> rows = new java.util.ArrayList<>();
            rows.add(report.unguarded());
            rows.addAll(report.guarded());
            report.degradations().forEach(e -> rows.add(e.student()));
            for (AttackerStudent.Result r : rows) {
                text.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s | %.1f%% (%.1f-%.1f) | %.2f |%n", r.condition(), r.queriesAnswered(),
                        r.answers(), r.verified(), r.withLogprobs() ? "yes" : "no", 100 * r.accuracy(), 100 * r.low(), 100 * r.high(),
                        r.fractionOfTeacher()));
            }
        }
        text.append(String.format(Locale.ROOT, "%nMade by `./distill guard simulate%s --seed %d` in %.0f s.%n", report.quick() ? " --quick" : "",
                report.seed(), report.seconds()));
        return text.toString();
    }
}
