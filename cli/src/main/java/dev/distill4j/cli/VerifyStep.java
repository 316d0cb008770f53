package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.io.JsonLines;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.AnswerGrading;
import dev.distill4j.core.verify.RunVerification;
import dev.distill4j.core.verify.Verifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The verify stage as the commands run it: a progress line, then pass rates by family and teacher, and pass@k. */
final class VerifyStep {
    private VerifyStep() {}

    static RunVerification.Report run(RunStore store, Verifiers verifiers, ProgressLine progressLine) {
        return RunVerification.run(store, verifiers, (done, total) -> progressLine.update(done, total, "samples verified"));
    }

    static void print(RunVerification.Report report, PrintWriter out) {
        out.printf(Locale.ROOT, "  verify    %d samples of %d tasks (%d judged now): %s pass%n", report.samples(), report.perTask().size(),
                report.judgedNow(), percent(report.overall()));
        printRates(out, "family", report.byFamily());
        printRates(out, "teacher", report.byTeacher());
        if (!report.ks().isEmpty()) {
            StringBuilder line = new StringBuilder("            pass@k over tasks:");
            for (int k : report.ks()) {
                line.append(String.format(Locale.ROOT, " pass@%d %.1f%%", k, 100 * report.meanPassAt(k)));
            }
            out.println(line);
        }
        if (report.unsampled() > 0) {
            out.printf("            %d task(s) have no sample yet%n", report.unsampled());
        }
        if (report.verifierErrors() > 0) {
            out.printf("            %d sample(s) failed because their verifier threw (the reason is in each verdict)%n", report.verifierErrors());
        }
    }

    private static void printRates(PrintWriter out, String slice, Map<String, AnswerGrading.PassRate> rates) {
        rates.forEach((name, rate) -> out.printf(Locale.ROOT, "            %-8s %-24s %8d samples %s%n", slice, name, rate.answers(), percent(rate)));
    }

    private static String percent(AnswerGrading.PassRate rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate.rate());
    }

    static ObjectNode json(RunVerification.Report report) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("samples", report.samples()).put("judged_now", report.judgedNow()).put("passed", report.overall().passed())
                .put("pass_rate", report.overall().rate()).put("tasks", report.perTask().size()).put("unsampled_tasks", report.unsampled())
                .put("verifier_errors", report.verifierErrors());
        putRates(json.putObject("families"), report.byFamily());
        putRates(json.putObject("teachers"), report.byTeacher());
        ObjectNode passAtK = json.putObject("pass_at_k");
        for (int k : report.ks()) {
            passAtK.put(Integer.toString(k), report.meanPassAt(k));
        }
        return json;
    }

    private static void putRates(ObjectNode into, Map<String, AnswerGrading.PassRate> rates) {
        rates.forEach((name, rate) -> into.putObject(name).put("samples", rate.answers()).put("passed", rate.passed()).put("pass_rate", rate.rate()));
    }

    /** One line per task: its samples, passes and pass@k at the report's k values. */
    static void writePerTask(RunVerification.Report report, Path file) {
        List<Integer> ks = report.ks();
        JsonLines.write(file, report.perTask().stream().map(task -> {
            ObjectNode line = Json.MAPPER.createObjectNode().put("task_id", task.taskId()).put("family", task.family())
                    .put("samples", task.samples()).put("passed", task.passed());
            ObjectNode passAtK = line.putObject("pass_at_k");
            for (int k : ks) {
                passAtK.put(Integer.toString(k), task.passAt(k));
            }
            return line;
        }).toList());
    }
}
