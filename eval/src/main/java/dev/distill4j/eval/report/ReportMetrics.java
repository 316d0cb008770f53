package dev.distill4j.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.eval.report.StudyReport.Curve;
import dev.distill4j.eval.report.StudyReport.Headline;
import dev.distill4j.eval.report.StudyReport.StudentRun;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The study's numbers as {@code metrics.json}, for scripts and dashboards: the headline figures at the top level
 * under stable snake_case names, then every section of the report in full. A figure that was not reached or not
 * measured is JSON null, never 0, NaN or a missing key, so a script can tell "zero" from "absent".
 */
public final class ReportMetrics {
    private ReportMetrics() {}

    /** Version of this file's layout; raised when a key changes meaning or goes away. */
    public static final int FORMAT_VERSION = 1;

    /** The fractions of the teacher's accuracy the study reads off its fits, as keys of {@link Curve#examplesToFractionOfTeacher()}. */
    static final List<String> FRACTIONS = List.of("50", "90", "95");

    /** The whole tree. */
    public static ObjectNode of(StudyReport report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("title", report.title());
        root.put("command", report.command());
        root.put("created", report.created() == null ? null : report.created().toString());
        putNumber(root, "wall_seconds", report.wallSeconds());

        Headline headline = report.headline();
        putNumber(root, "teacher_accuracy", ReportCharts.teacherAccuracy(report));
        BestStudent best = BestStudent.of(report);
        putNumber(root, "best_student_accuracy", best == null ? null : best.accuracy());
        root.put("best_student_source", best == null ? null : best.source());

        // The 90% figures are the headline's: the study chose which source to lead with and what it cost.
        root.put("source_to_90pct_of_teacher", headline == null ? null : headline.source());
        putNumber(root, "examples_to_90pct_of_teacher", headline == null ? null : headline.examples());
        putNumber(root, "teacher_queries_to_90pct_of_teacher", headline == null ? null : headline.teacherQueries());
        putNumber(root, "dollars_to_90pct_of_teacher", headline == null ? null : headline.dollars());
        // 50% and 95% have no headline: the fewest examples any source's fit needs, and which source that was.
        ObjectNode thresholds = root.putObject("fewest_examples_to_fraction_of_teacher");
        for (String fraction : FRACTIONS) {
            Fewest fewest = Fewest.of(report.curves(), fraction);
            if (!fraction.equals("90")) {
                putNumber(root, "examples_to_" + fraction + "pct_of_teacher", fewest == null ? null : fewest.examples());
            }
            ObjectNode entry = thresholds.putObject(fraction);
            putNumber(entry, "examples", fewest == null ? null : fewest.examples());
            entry.put("source", fewest == null ? null : fewest.source());
        }

        root.set("headline", tree(headline));
        root.set("teacher", tree(report.teacher()));
        root.set("funnel", tree(report.funnel()));
        root.set("cost", tree(report.cost()));
        root.set("curves", tree(report.curves()));
        root.set("students", tree(report.students()));
        root.set("scaling", tree(report.scaling()));
        return root;
    }

    /** The best student: the headline's figure where the study gave one, otherwise the most accurate single run. */
    record BestStudent(String source, double accuracy) {
        static BestStudent of(StudyReport report) {
            Headline headline = report.headline();
            if (headline != null && Double.isFinite(headline.bestStudentAccuracy()) && headline.bestStudentSource() != null) {
                return new BestStudent(headline.bestStudentSource(), headline.bestStudentAccuracy());
            }
            List<StudentRun> students = report.students() == null ? List.of() : report.students();
            return students.stream()
                    .filter(s -> s != null && s.accuracy() != null && Double.isFinite(s.accuracy().value()))
                    .max(Comparator.comparingDouble(s -> s.accuracy().value()))
                    .map(s -> new BestStudent(s.source(), s.accuracy().value()))
                    .orElse(null);
        }
    }

    /** The source whose fit reaches a fraction of the teacher with the fewest examples. */
    record Fewest(String source, double examples) {
        static Fewest of(List<Curve> curves, String fraction) {
            Fewest fewest = null;
            for (Curve curve : curves == null ? List.<Curve>of() : curves) {
                Map<String, Double> needed = curve == null ? null : curve.examplesToFractionOfTeacher();
                Double examples = needed == null ? null : needed.get(fraction);
                if (examples != null && Double.isFinite(examples) && (fewest == null || examples < fewest.examples())) {
                    fewest = new Fewest(curve.source(), examples);
                }
            }
            return fewest;
        }
    }

    /**
     * A record as JSON through the project's mapper (snake_case names, sorted map keys), so a field the study adds
     * later appears here without a change. Non-finite numbers become null: JSON has no NaN.
     */
    private static JsonNode tree(Object value) {
        return value == null ? JsonNodeFactory.instance.nullNode() : finite(Json.MAPPER.valueToTree(value));
    }

    private static JsonNode finite(JsonNode node) {
        if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> e.setValue(finite(e.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, finite(array.get(i)));
            }
        }
        return node;
    }

    private static void putNumber(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value.doubleValue());
        }
    }
}
