package dev.distill4j.eval.report;

import dev.distill4j.eval.report.StudyReport.Accuracy;
import dev.distill4j.eval.report.StudyReport.Cost;
import dev.distill4j.eval.report.StudyReport.Curve;
import dev.distill4j.eval.report.StudyReport.FittedLaw;
import dev.distill4j.eval.report.StudyReport.FunnelStep;
import dev.distill4j.eval.report.StudyReport.Headline;
import dev.distill4j.eval.report.StudyReport.Point;
import dev.distill4j.eval.report.StudyReport.PowerLaw;
import dev.distill4j.eval.report.StudyReport.Scaling;
import dev.distill4j.eval.report.StudyReport.ScalingRow;
import dev.distill4j.eval.report.StudyReport.StudentRun;
import dev.distill4j.eval.report.StudyReport.Teacher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study reports shaped like a real run of the demo (three sources, four subset sizes, three seeds), built here
 * from known power laws so the figures a test expects can be worked out by hand.
 */
final class StudyReports {
    private StudyReports() {}

    static final double TEACHER_ACCURACY = 0.989;
    static final int[] SIZES = {100, 300, 1000, 3000};
    static final long[] SEEDS = {1, 2, 3};
    /** Teacher samples paid per kept example: verified data throws away what the verifier rejects. */
    static final double VERIFIED_QUERIES_PER_EXAMPLE = 1.25;
    static final double PRICE_PER_QUERY = 0.0004;

    /** A run where the teacher-verified source reaches 90% of the teacher. */
    static StudyReport realistic() {
        Map<String, PowerLaw> laws = new LinkedHashMap<>();
        laws.put("expert", new PowerLaw(0.99, 3.0, 0.42, 0.011));
        laws.put("teacher-verified", new PowerLaw(0.97, 2.5, 0.45, 0.009));
        laws.put("teacher-unverified", new PowerLaw(0.80, 2.0, 0.40, 0.014));
        List<StudentRun> students = new ArrayList<>();
        List<Curve> curves = new ArrayList<>();
        laws.forEach((source, law) -> {
            double queriesPerExample = source.equals("expert") ? 0 : source.equals("teacher-verified") ? VERIFIED_QUERIES_PER_EXAMPLE : 1.0;
            List<StudentRun> runs = runs(source, law, queriesPerExample);
            students.addAll(runs);
            curves.add(curve(source, law, runs, queriesPerExample));
        });
        Curve verified = curves.get(1);
        double examples = verified.examplesToFractionOfTeacher().get("90");
        double queries = examples * VERIFIED_QUERIES_PER_EXAMPLE;
        Headline headline = new Headline("teacher-verified", examples, queries, queries * PRICE_PER_QUERY, TEACHER_ACCURACY,
                bestAccuracy(students), bestSource(students));
        return new StudyReport("distill4j demo: arith (2-digit addition)", "./distill demo --out runs/demo --seed 1",
                Instant.parse("2025-11-03T14:05:00Z"), 1843.5, teacher(), funnel(), new Cost(12_500, 612_000, 1_904_000, 5.0, "$0.40 per 1,000 queries"),
                students, curves, headline,
                new Scaling(List.of(new ScalingRow("Hoffmann et al. 2022 (Chinchilla)", 3.0e6, 6.0e7, 3.91, 1.2e8),
                        new ScalingRow("Besiroglu et al. 2024 (replication)", 3.0e6, 6.0e7, 3.87, 1.1e8)), null));
    }

    /** The same run where nothing reached 90% of the teacher: every "to 90%" figure is null, and no scaling was measured. */
    static StudyReport nobodyReached() {
        StudyReport full = realistic();
        List<Curve> curves = full.curves().stream()
                .map(c -> new Curve(c.source(), c.points(), c.fit(), nullValues(c.examplesToFractionOfTeacher(), "90", "95"),
                        nullValues(c.teacherQueriesToFractionOfTeacher(), "90", "95")))
                .toList();
        Headline headline = new Headline(null, null, null, null, TEACHER_ACCURACY, bestAccuracy(full.students()), bestSource(full.students()));
        return new StudyReport(full.title(), full.command(), full.created(), full.wallSeconds(), full.teacher(), full.funnel(),
                new Cost(12_500, 612_000, 1_904_000, null, null), full.students(), curves, headline, null);
    }

    static Teacher teacher() {
        return new Teacher("teacher-arith", "http://127.0.0.1:41234/v1", new Accuracy(TEACHER_ACCURACY, 0.981, 0.994, 1000),
                Map.of("difficulty=2", 0.995, "difficulty=3", 0.990, "difficulty=4", 0.982),
                Map.of(1, 0.989, 2, 0.996, 4, 0.999, 8, 1.0), Map.of(1, 0.989, 3, 0.993, 5, 0.995));
    }

    static List<FunnelStep> funnel() {
        return List.of(new FunnelStep("verified", 12_500, 10_000, "wrong answer"),
                new FunnelStep("exact duplicates", 10_000, 9_400, "same text as a kept sample"),
                new FunnelStep("near duplicates", 9_400, 9_100, "Jaccard ≥ 0.8 with a kept sample"),
                new FunnelStep("decontamination", 9_100, 9_050, "13-gram overlap with an eval task"));
    }

    /** Accuracy by the law, plus a fixed per-seed offset so the seeds spread as real ones do. */
    private static List<StudentRun> runs(String source, PowerLaw law, double queriesPerExample) {
        double[] offsets = {-0.012, 0.004, 0.009};
        List<StudentRun> runs = new ArrayList<>();
        for (int size : SIZES) {
            for (int i = 0; i < SEEDS.length; i++) {
                double acc = Math.max(0, law.ceiling() - law.scale() * Math.pow(size, -law.exponent()) + offsets[i]);
                runs.add(new StudentRun(source, size, SEEDS[i], new Accuracy(acc, Math.max(0, acc - 0.03), Math.min(1, acc + 0.03), 1000),
                        Math.round(size * queriesPerExample), size * 180L, 30.0 + size / 50.0, "micro", 104_000L, size * 90L, null));
            }
        }
        return runs;
    }

    private static Curve curve(String source, PowerLaw law, List<StudentRun> runs, double queriesPerExample) {
        List<Point> points = new ArrayList<>();
        for (int size : SIZES) {
            double[] acc = runs.stream().filter(r -> r.examples() == size).mapToDouble(r -> r.accuracy().value()).toArray();
            double mean = java.util.Arrays.stream(acc).average().orElseThrow();
            double variance = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / (acc.length - 1);
            points.add(new Point(size, mean, java.util.Arrays.stream(acc).min().orElseThrow(), java.util.Arrays.stream(acc).max().orElseThrow(),
                    Math.sqrt(variance / acc.length), acc.length, size * queriesPerExample));
        }
        Map<String, Double> toExamples = new LinkedHashMap<>();
        Map<String, Double> toQueries = new LinkedHashMap<>();
        for (String fraction : List.of("50", "90", "95")) {
            Double n = examplesFor(law, Integer.parseInt(fraction) / 100.0 * TEACHER_ACCURACY);
            toExamples.put(fraction, n);
            if (queriesPerExample > 0) {
                toQueries.put(fraction, n == null ? null : n * queriesPerExample);
            }
        }
        return new Curve(source, points, law, toExamples, toQueries);
    }

    /** Solves ceiling - scale * n^-exponent = target for n; null when the ceiling is below the target. */
    static Double examplesFor(PowerLaw law, double target) {
        if (law.ceiling() <= target) {
            return null;
        }
        return Math.pow((law.ceiling() - target) / law.scale(), -1 / law.exponent());
    }

    private static double bestAccuracy(List<StudentRun> students) {
        return students.stream().mapToDouble(s -> s.accuracy().value()).max().orElseThrow();
    }

    private static String bestSource(List<StudentRun> students) {
        return students.stream().max(java.util.Comparator.comparingDouble(s -> s.accuracy().value())).orElseThrow().source();
    }

    private static Map<String, Double> nullValues(Map<String, Double> map, String... keys) {
        Map<String, Double> copy = new LinkedHashMap<>(map);
        for (String key : keys) {
            copy.put(key, null);
        }
        return copy;
    }

    /** A fitted L(N, D), for tests that want the scaling section's second half. */
    static FittedLaw fittedLaw() {
        return new FittedLaw(1.69, 406.4, 0.34, 410.7, 0.28, 12, 0.021);
    }
}
