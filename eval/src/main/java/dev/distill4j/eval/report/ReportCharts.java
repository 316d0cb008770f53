package dev.distill4j.eval.report;

import dev.distill4j.eval.report.StudyReport.Curve;
import dev.distill4j.eval.report.StudyReport.FunnelStep;
import dev.distill4j.eval.report.StudyReport.Point;
import dev.distill4j.eval.report.StudyReport.PowerLaw;
import dev.distill4j.eval.report.StudyReport.Teacher;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots, drawn with XChart into PNG bytes. A plot is only drawn when the report has data for it, so
 * a run without a teacher or without curation has fewer plots, never an empty one.
 */
final class ReportCharts {
    static {
        // A report is written on servers and in CI, where there is no display; AWT must not look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportCharts() {}

    /** A drawn plot: where it goes on the page ({@code id}), its title, a caption saying how to read it, and the PNG. */
    record Plot(String id, String title, String caption, byte[] png) {}

    static final String EXAMPLES = "accuracy-vs-examples";
    static final String QUERIES = "accuracy-vs-teacher-queries";
    static final String FUNNEL = "funnel";
    static final String PASS_AT_K = "teacher-pass-at-k";

    static final int WIDTH = 880;
    static final int HEIGHT = 460;
    /** Drawn at twice the size it is shown, so lines and text stay sharp on high-density screens. */
    private static final int SCALE = 2;

    /** Colour-blind-safe (Okabe and Ito), one per data source in the order the curves list them. */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000)};
    private static final Color TEACHER = new Color(0x333333);
    private static final Color NINETY = new Color(0x888888);
    private static final Color GRID = new Color(0xE6E6E6);
    private static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    /** Every plot the report has data for, in page order. */
    static List<Plot> draw(StudyReport report) {
        List<Plot> plots = new ArrayList<>();
        Teacher teacher = report.teacher();
        if (teacher != null && (!orEmpty(teacher.passAtK()).isEmpty() || !orEmpty(teacher.majAtK()).isEmpty())) {
            plots.add(new Plot(PASS_AT_K, "Teacher pass@k and maj@k",
                    "pass@k: at least one of k samples is correct (unbiased estimate); maj@k: the majority answer of k samples is correct.",
                    png(passAtK(teacher))));
        }
        List<FunnelStep> funnel = orEmpty(report.funnel());
        if (!funnel.isEmpty()) {
            plots.add(new Plot(FUNNEL, "The data funnel", "Samples left after each curation step.", png(funnel(funnel))));
        }
        Double teacherAccuracy = teacherAccuracy(report);
        Map<String, Color> colours = colours(report);
        List<Curve> curves = orEmpty(report.curves()).stream().filter(c -> c != null && positive(c, Point::examples)).toList();
        if (!curves.isEmpty()) {
            plots.add(new Plot(EXAMPLES, "Accuracy vs training examples",
                    "Mean accuracy over seeds, error bars one standard error; dashed: the fitted power law "
                            + "acc(n) = ceiling − scale · n^(−exponent). Horizontal lines: the teacher and 90% of it.",
                    png(accuracyVsExamples(curves, teacherAccuracy, colours))));
        }
        List<Curve> paid = orEmpty(report.curves()).stream().filter(c -> c != null && positive(c, Point::meanTeacherQueries)).toList();
        if (!paid.isEmpty()) {
            plots.add(new Plot(QUERIES, "Accuracy vs teacher queries",
                    "Sources that sampled the teacher: mean accuracy over seeds against the teacher queries their data cost, "
                            + "error bars one standard error.",
                    png(accuracyVsQueries(paid, teacherAccuracy, colours))));
        }
        return plots;
    }

    /** The teacher's accuracy, from its evaluation or else from the headline; null when neither was measured. */
    static Double teacherAccuracy(StudyReport report) {
        if (report.teacher() != null && report.teacher().accuracy() != null) {
            return report.teacher().accuracy().value();
        }
        return report.headline() == null ? null : report.headline().teacherAccuracy();
    }

    private static XYChart accuracyVsExamples(List<Curve> curves, Double teacherAccuracy, Map<String, Color> colours) {
        XYChart chart = xyChart("training examples (log scale)", "accuracy (%)");
        chart.getStyler().setXAxisLogarithmic(true);
        double[] range = range(curves, Point::examples);
        for (Curve curve : curves) {
            Color colour = colours.get(curve.source());
            List<Point> points = positivePoints(curve, Point::examples);
            String name = unique(chart, label(curve.source()));
            XYSeries data = chart.addSeries(name, map(points, p -> p.examples()), map(points, p -> 100 * p.meanAccuracy()),
                    map(points, p -> 100 * finiteOrZero(p.standardError())));
            PowerLaw fit = curve.fit();
            if (fit != null && finite(fit.ceiling(), fit.scale(), fit.exponent())) {
                data.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                int steps = 80;
                double[] xs = new double[steps + 1];
                double[] ys = new double[steps + 1];
                for (int i = 0; i <= steps; i++) {
                    xs[i] = range[0] * Math.pow(range[1] / range[0], (double) i / steps);
                    ys[i] = 100 * (fit.ceiling() - fit.scale() * Math.pow(xs[i], -fit.exponent()));
                }
                XYSeries line = chart.addSeries(unique(chart, name + " (fit)"), xs, ys);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineStyle(dashed(1.6f));
                line.setLineColor(colour);
                line.setShowInLegend(false);
            } else {
                data.setLineStyle(new BasicStroke(1.6f));
            }
            data.setMarker(SeriesMarkers.CIRCLE);
            data.setMarkerColor(colour);
            // XChart draws error bars in the series' line colour, even for a scatter series that has no line.
            data.setLineColor(colour);
        }
        teacherLines(chart, range, teacherAccuracy);
        return chart;
    }

    private static XYChart accuracyVsQueries(List<Curve> curves, Double teacherAccuracy, Map<String, Color> colours) {
        XYChart chart = xyChart("teacher queries (log scale)", "accuracy (%)");
        chart.getStyler().setXAxisLogarithmic(true);
        double[] range = range(curves, Point::meanTeacherQueries);
        for (Curve curve : curves) {
            Color colour = colours.get(curve.source());
            List<Point> points = positivePoints(curve, Point::meanTeacherQueries);
            XYSeries data = chart.addSeries(unique(chart, label(curve.source())), map(points, Point::meanTeacherQueries),
                    map(points, p -> 100 * p.meanAccuracy()), map(points, p -> 100 * finiteOrZero(p.standardError())));
            data.setMarker(SeriesMarkers.CIRCLE);
            data.setMarkerColor(colour);
            data.setLineColor(colour);
            data.setLineStyle(new BasicStroke(1.6f));
        }
        teacherLines(chart, range, teacherAccuracy);
        return chart;
    }

    private static CategoryChart funnel(List<FunnelStep> funnel) {
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        style(chart.getStyler());
        chart.setYAxisTitle("samples");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(BASE.deriveFont(12f));
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.WHITE);
        chart.getStyler().setLabelsPosition(0.94);
        chart.getStyler().setAvailableSpaceFill(0.6);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setSeriesColors(new Color[] {PALETTE[0]});
        List<String> steps = new ArrayList<>();
        List<Number> kept = new ArrayList<>();
        steps.add("in");
        kept.add(funnel.getFirst().in());
        for (FunnelStep step : funnel) {
            // Two steps may share a name (a filter run twice); XChart needs distinct categories.
            String name = label(step.step());
            while (steps.contains(name)) {
                name = name + " ";
            }
            steps.add(name);
            kept.add(step.kept());
        }
        CategorySeries series = chart.addSeries("kept", steps, kept);
        series.setFillColor(PALETTE[0]);
        return chart;
    }

    private static XYChart passAtK(Teacher teacher) {
        // k runs from 1 to a few tens; XChart labels a log axis only at powers of ten, which would leave one or two
        // labels, so this axis is linear.
        XYChart chart = xyChart("k, samples per task", "accuracy (%)");
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        // pass@k of a strong teacher lives between 95 and 100: whole percents would show one tick.
        chart.getStyler().setYAxisDecimalPattern("0.0");
        int i = 0;
        for (Map.Entry<String, Map<Integer, Double>> entry : List.of(Map.entry("pass@k", orEmpty(teacher.passAtK())),
                Map.entry("maj@k", orEmpty(teacher.majAtK())))) {
            Map<Integer, Double> byK = new TreeMap<>();
            entry.getValue().forEach((k, v) -> {
                if (k != null && k > 0 && v != null && Double.isFinite(v)) {
                    byK.put(k, v);
                }
            });
            if (byK.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(entry.getKey(), byK.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    byK.values().stream().mapToDouble(v -> 100 * v).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(PALETTE[i]);
            series.setLineColor(PALETTE[i]);
            series.setLineStyle(new BasicStroke(1.6f));
            i++;
        }
        return chart;
    }

    private static XYChart xyChart(String xTitle, String yTitle) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setYAxisDecimalPattern("0");
        // A decimal pattern, not a formatting function: XChart places log-axis ticks right only without one.
        chart.getStyler().setXAxisDecimalPattern("#,###");
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartTitleVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(GRID);
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setAxisTickMarksColor(new Color(0x999999));
        styler.setAxisTickLabelsColor(new Color(0x444444));
        styler.setChartFontColor(new Color(0x222222));
        styler.setBaseFont(BASE);
        styler.setAxisTitleFont(BASE.deriveFont(13f));
        styler.setAxisTickLabelsFont(BASE.deriveFont(12f));
        styler.setLegendFont(BASE.deriveFont(12f));
        styler.setLegendBorderColor(new Color(0xDDDDDD));
        styler.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        styler.setChartPadding(12);
        styler.setAntiAlias(true);
    }

    /** The teacher's accuracy as a solid line and 90% of it dashed, across the plotted range, both in the legend. */
    private static void teacherLines(XYChart chart, double[] range, Double teacherAccuracy) {
        if (teacherAccuracy == null || !Double.isFinite(teacherAccuracy)) {
            return;
        }
        double[] xs = {range[0], range[1]};
        XYSeries teacher = chart.addSeries(unique(chart, "teacher " + ReportText.percent(teacherAccuracy)), xs,
                new double[] {100 * teacherAccuracy, 100 * teacherAccuracy});
        teacher.setMarker(SeriesMarkers.NONE);
        teacher.setLineColor(TEACHER);
        teacher.setLineStyle(new BasicStroke(1.8f));
        XYSeries ninety = chart.addSeries(unique(chart, "90% of teacher " + ReportText.percent(0.9 * teacherAccuracy)), xs,
                new double[] {90 * teacherAccuracy, 90 * teacherAccuracy});
        ninety.setMarker(SeriesMarkers.NONE);
        ninety.setLineColor(NINETY);
        ninety.setLineStyle(SeriesLines.DOT_DOT);
    }

    /** One colour per source, the same on every plot. */
    private static Map<String, Color> colours(StudyReport report) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Curve curve : orEmpty(report.curves())) {
            if (curve != null) {
                colours.putIfAbsent(curve.source(), PALETTE[colours.size() % PALETTE.length]);
            }
        }
        return colours;
    }

    private static byte[] png(Chart<?, ?> chart) {
        BufferedImage image = new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            chart.paint(g, WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a plot as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static boolean positive(Curve curve, ToDoubleFunction<Point> x) {
        return !positivePoints(curve, x).isEmpty();
    }

    /** Points a log axis can show: a positive x and a finite accuracy. */
    private static List<Point> positivePoints(Curve curve, ToDoubleFunction<Point> x) {
        return orEmpty(curve.points()).stream()
                .filter(p -> p != null && x.applyAsDouble(p) > 0 && Double.isFinite(x.applyAsDouble(p)) && Double.isFinite(p.meanAccuracy()))
                .toList();
    }

    private static double[] range(List<Curve> curves, ToDoubleFunction<Point> x) {
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (Curve curve : curves) {
            for (Point p : positivePoints(curve, x)) {
                low = Math.min(low, x.applyAsDouble(p));
                high = Math.max(high, x.applyAsDouble(p));
            }
        }
        // A single size still needs a span to draw a line across; widen it a little either side.
        return low == high ? new double[] {low / 1.5, high * 1.5} : new double[] {low, high};
    }

    private static double[] map(List<Point> points, ToDoubleFunction<Point> f) {
        return points.stream().mapToDouble(f).toArray();
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);
    }

    private static boolean finite(double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** XChart needs a non-null, unique series name; a source without one still gets a line. */
    private static String label(String name) {
        return name == null || name.isBlank() ? "(unnamed)" : name;
    }

    /** XChart refuses two series of one name; two curves of one source (a study bug, but not the reader's) still both show. */
    private static String unique(XYChart chart, String name) {
        String unique = name;
        for (int i = 2; chart.getSeriesMap().containsKey(unique); i++) {
            unique = name + " #" + i;
        }
        return unique;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
