package dev.distill4j.eval.study;

import dev.distill4j.eval.fit.PowerLawFit;
import dev.distill4j.eval.report.StudyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * From students to curves: per source, the mean accuracy over seeds at each subset size with its spread, a
 * saturating power law fitted through them, and what the fit says it takes to reach given fractions of the
 * teacher's accuracy.
 */
public final class Curves {
    /**
     * How far beyond the largest measured subset a fit is trusted to say where a curve crosses a target. Past it the
     * answer is "not reached": a power law extrapolated by orders of magnitude is a guess, not a measurement.
     */
    static final double EXTRAPOLATION_LIMIT = 4.0;

    private Curves() {}

    public static List<StudyReport.Curve> of(List<StudyReport.StudentRun> students, double teacherAccuracy, List<Double> fractions) {
        // One curve per source, or per source and student size where the study compares sizes ("expert/tiny").
        boolean severalSizes = students.stream().map(StudyReport.StudentRun::preset).distinct().count() > 1;
        Map<String, Map<Integer, List<StudyReport.StudentRun>>> bySource = new LinkedHashMap<>();
        for (StudyReport.StudentRun run : students) {
            String label = severalSizes ? run.source() + "/" + run.preset() : run.source();
            bySource.computeIfAbsent(label, s -> new TreeMap<>()).computeIfAbsent(run.examples(), n -> new ArrayList<>()).add(run);
        }
        List<StudyReport.Curve> curves = new ArrayList<>();
        bySource.forEach((source, bySize) -> {
            List<StudyReport.Point> points = new ArrayList<>();
            bySize.forEach((examples, runs) -> points.add(point(examples, runs)));
            StudyReport.PowerLaw fit = PowerLawFit.fit(points.stream().map(PowerLawFit.Observation::of).toList()).law();
            int largest = points.get(points.size() - 1).examples();
            double queriesPerExample = points.get(points.size() - 1).meanTeacherQueries() / largest;
            Map<String, Double> examples = new LinkedHashMap<>();
            Map<String, Double> queries = new LinkedHashMap<>();
            for (double fraction : fractions) {
                String key = String.format(Locale.ROOT, "%.0f", 100 * fraction);
                Double needed = examplesToReach(points, fit, fraction * teacherAccuracy);
                examples.put(key, needed);
                queries.put(key, needed == null ? null : needed * queriesPerExample);
            }
            curves.add(new StudyReport.Curve(source, List.copyOf(points), fit, examples, queries));
        });
        return curves;
    }

    /**
     * The examples needed to reach {@code target}: the smallest measured size whose mean already reaches it, else the
     * fit's crossing if it lies within {@link #EXTRAPOLATION_LIMIT} times the largest size, else null.
     */
    static Double examplesToReach(List<StudyReport.Point> points, StudyReport.PowerLaw fit, double target) {
        Double fromFit = fit == null ? null : PowerLawFit.examplesToReach(fit, target);
        int largest = points.get(points.size() - 1).examples();
        for (StudyReport.Point point : points) {
            if (point.meanAccuracy() >= target) {
                // The fit may place the crossing a little below the first size that measured it, never above.
                return fromFit != null && fromFit <= point.examples() ? fromFit : (double) point.examples();
            }
        }
        return fromFit != null && fromFit <= EXTRAPOLATION_LIMIT * largest ? fromFit : null;
    }

    static StudyReport.Point point(int examples, List<StudyReport.StudentRun> runs) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double queries = 0;
        for (StudyReport.StudentRun run : runs) {
            double accuracy = run.accuracy().value();
            sum += accuracy;
            min = Math.min(min, accuracy);
            max = Math.max(max, accuracy);
            queries += run.teacherQueries();
        }
        int n = runs.size();
        double mean = sum / n;
        double squares = 0;
        for (StudyReport.StudentRun run : runs) {
            squares += (run.accuracy().value() - mean) * (run.accuracy().value() - mean);
        }
        double standardError = n < 2 ? 0 : Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        return new StudyReport.Point(examples, mean, min, max, standardError, n, queries / n);
    }
}
