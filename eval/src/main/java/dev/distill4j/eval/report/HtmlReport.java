package dev.distill4j.eval.report;

import static dev.distill4j.eval.report.Html.escape;
import static dev.distill4j.eval.report.ReportText.count;
import static dev.distill4j.eval.report.ReportText.dollars;
import static dev.distill4j.eval.report.ReportText.duration;
import static dev.distill4j.eval.report.ReportText.fittedCount;
import static dev.distill4j.eval.report.ReportText.magnitude;
import static dev.distill4j.eval.report.ReportText.percent;
import static dev.distill4j.eval.report.ReportText.real;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import dev.distill4j.eval.report.ReportCharts.Plot;
import dev.distill4j.eval.report.ReportMetrics.BestStudent;
import dev.distill4j.eval.report.StudyReport.Accuracy;
import dev.distill4j.eval.report.StudyReport.Cost;
import dev.distill4j.eval.report.StudyReport.Curve;
import dev.distill4j.eval.report.StudyReport.FittedLaw;
import dev.distill4j.eval.report.StudyReport.FunnelStep;
import dev.distill4j.eval.report.StudyReport.Headline;
import dev.distill4j.eval.report.StudyReport.PowerLaw;
import dev.distill4j.eval.report.StudyReport.Scaling;
import dev.distill4j.eval.report.StudyReport.ScalingRow;
import dev.distill4j.eval.report.StudyReport.StudentRun;
import dev.distill4j.eval.report.StudyReport.Teacher;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The study's report: one self-contained HTML page (styles inline, every plot a PNG in a data: URI, so it opens
 * from a mail attachment or a CI artefact with no network) and {@code metrics.json} beside it. The page tells the
 * story in the order a reader asks it: did the student get there and at what price, then the evidence.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** The ids of the page's sections, in page order; tests and links rely on them. */
    public static final List<String> SECTIONS = List.of("headline", "teacher", "funnel", "cost", "students", "curves", "scaling", "reproduce");

    /** Writes {@code dir/index.html} and {@code dir/metrics.json}, each atomically; creates {@code dir} if needed. */
    public static void write(StudyReport report, Path dir) {
        Objects.requireNonNull(report, "report");
        String html = render(report);
        String metrics;
        try {
            metrics = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReportMetrics.of(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the metrics of " + report.title() + " as JSON: " + e.getMessage(), e);
        }
        // metrics.json first: a reader who finds the page finds its numbers beside it.
        AtomicFiles.writeText(dir.resolve("metrics.json"), out -> out.write(metrics));
        AtomicFiles.writeText(dir.resolve("index.html"), out -> out.write(html));
    }

    /** The page as a string. */
    public static String render(StudyReport report) {
        Map<String, Plot> plots = new TreeMap<>();
        for (Plot plot : ReportCharts.draw(report)) {
            plots.put(plot.id(), plot);
        }
        Page page = new Page();
        String title = report.title() == null || report.title().isBlank() ? "distill4j study" : report.title();
        page.line("<!DOCTYPE html>");
        page.line("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        page.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // No request may leave the page: a CSP that allows only inline styles and data: images makes that a promise.
        page.line("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        page.line("<title>" + escape(title) + "</title>");
        page.line("<style>" + STYLE + "</style></head><body><main>");
        header(page, report, title);
        headline(page, report);
        teacher(page, report.teacher(), plots.get(ReportCharts.PASS_AT_K));
        funnel(page, report.funnel(), plots.get(ReportCharts.FUNNEL));
        cost(page, report.cost());
        students(page, report.students());
        curves(page, report.curves(), plots.get(ReportCharts.EXAMPLES), plots.get(ReportCharts.QUERIES));
        scaling(page, report.scaling());
        reproduce(page, report.command());
        page.line("<footer>Written by distill4j. The numbers on this page are also in <a href=\"metrics.json\">metrics.json</a>.</footer>");
        page.line("</main></body></html>");
        return page.toString();
    }

    private static void header(Page page, StudyReport report, String title) {
        page.line("<header><h1>" + escape(title) + "</h1>");
        List<String> facts = new ArrayList<>();
        if (report.created() != null) {
            facts.add(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(report.created().atOffset(ZoneOffset.UTC)));
        }
        facts.add("wall time " + duration(report.wallSeconds()));
        if (report.teacher() != null && report.teacher().name() != null) {
            facts.add("teacher " + report.teacher().name());
        }
        page.line("<p class=\"meta\">" + escape(String.join(" · ", facts)) + "</p>");
        page.line("<nav>" + String.join(" ", SECTIONS.stream().map(id -> "<a href=\"#" + id + "\">" + id + "</a>").toList()) + "</nav>");
        page.line("</header>");
    }

    private static void headline(Page page, StudyReport report) {
        page.open("headline", "Headline");
        page.line("<p class=\"lead\">" + escape(headlineSentence(report)) + "</p>");
        Headline h = report.headline();
        Double teacherAccuracy = ReportCharts.teacherAccuracy(report);
        BestStudent best = BestStudent.of(report);
        Cost cost = report.cost();
        page.line("<table class=\"summary\"><tbody>");
        Accuracy ta = report.teacher() == null ? null : report.teacher().accuracy();
        page.row("Teacher accuracy", ta != null ? accuracyWithInterval(ta) : percent(teacherAccuracy));
        page.row("Best student accuracy", best == null ? "no student trained" : percent(best.accuracy()) + " (" + best.source() + ")");
        page.row("Source that reached 90% of the teacher", h == null || h.source() == null || h.examples() == null ? "none" : h.source());
        page.row("Training examples to 90% of the teacher", h == null ? ReportText.NOT_REACHED : fittedCount(h.examples()));
        page.row("Teacher queries to 90% of the teacher", h == null || h.examples() == null ? ReportText.NOT_REACHED : fittedCount(h.teacherQueries()));
        page.row("Dollars to 90% of the teacher", h == null || h.examples() == null ? ReportText.NOT_REACHED
                : h.dollars() == null ? "no price configured" : dollars(h.dollars()));
        page.row("Teacher queries in this run", cost == null ? ReportText.NOT_MEASURED : count(cost.teacherQueries()));
        page.row("Cost of this run", cost == null ? ReportText.NOT_MEASURED : cost.dollars() == null ? "no price configured" : dollars(cost.dollars()));
        page.row("Students trained", count(orEmpty(report.students()).size()));
        page.row("Wall time", duration(report.wallSeconds()));
        page.line("</tbody></table>");
        page.close();
    }

    /** "N examples / Q teacher queries / $D to reach 90% of the teacher", or plainly that no student got there. */
    static String headlineSentence(StudyReport report) {
        Headline h = report.headline();
        if (h != null && h.examples() != null) {
            List<String> parts = new ArrayList<>();
            parts.add(fittedCount(h.examples()) + " examples");
            if (h.teacherQueries() != null) {
                parts.add(fittedCount(h.teacherQueries()) + " teacher queries");
            }
            if (h.dollars() != null) {
                parts.add(dollars(h.dollars()));
            }
            String source = h.source() == null ? "" : " (source: " + h.source() + ")";
            return String.join(" / ", parts) + " to reach 90% of the teacher" + source + ".";
        }
        BestStudent best = BestStudent.of(report);
        if (best == null) {
            return "No student was trained in this run.";
        }
        return "No student reached 90% of the teacher in this run; best: " + percent(best.accuracy()) + " from source " + best.source() + ".";
    }

    private static void teacher(Page page, Teacher teacher, Plot passAtK) {
        page.open("teacher", "The teacher");
        if (teacher == null) {
            page.line("<p class=\"absent\">The teacher was not evaluated in this run.</p>");
            page.close();
            return;
        }
        page.line("<p>" + escape(teacher.name() == null ? "The teacher" : teacher.name())
                + (teacher.endpoint() == null ? "" : " at <code>" + escape(teacher.endpoint()) + "</code>") + ", on the held-out tasks the students"
                + " are evaluated on: <strong>" + escape(teacher.accuracy() == null ? ReportText.NOT_MEASURED : accuracyWithInterval(teacher.accuracy()))
                + "</strong>.</p>");
        Map<String, Double> slices = orEmpty(teacher.bySlice());
        if (!slices.isEmpty()) {
            page.line("<h3>By slice</h3><table class=\"narrow\"><thead><tr><th>slice</th><th class=\"num\">accuracy</th></tr></thead><tbody>");
            new TreeMap<>(withoutNullKeys(slices)).forEach((slice, accuracy) -> page.tr().text(slice).num(percent(accuracy)).end());
            page.line("</tbody></table>");
        }
        Map<Integer, Double> pass = orEmpty(teacher.passAtK());
        Map<Integer, Double> maj = orEmpty(teacher.majAtK());
        if (!pass.isEmpty() || !maj.isEmpty()) {
            page.line("<h3>Several samples per task</h3>");
            page.plot(passAtK);
            page.line("<table class=\"narrow\"><thead><tr><th class=\"num\">k</th><th class=\"num\">pass@k</th><th class=\"num\">maj@k</th></tr></thead><tbody>");
            TreeSet<Integer> ks = new TreeSet<>(withoutNullKeys(pass).keySet());
            ks.addAll(withoutNullKeys(maj).keySet());
            for (int k : ks) {
                page.tr().num(count(k)).num(pass.get(k) == null ? "—" : percent(pass.get(k))).num(maj.get(k) == null ? "—" : percent(maj.get(k))).end();
            }
            page.line("</tbody></table>");
            if (!pass.keySet().equals(maj.keySet())) {
                page.line("<p class=\"note\">—: not measured at this k.</p>");
            }
        } else {
            page.line("<p class=\"absent\">pass@k and maj@k: not measured in this run (one sample per task).</p>");
        }
        page.close();
    }

    private static void funnel(Page page, List<FunnelStep> funnel, Plot plot) {
        page.open("funnel", "The data funnel");
        List<FunnelStep> steps = orEmpty(funnel).stream().filter(Objects::nonNull).toList();
        if (steps.isEmpty()) {
            page.line("<p class=\"absent\">No curation in this run.</p>");
            page.close();
            return;
        }
        FunnelStep first = steps.getFirst();
        FunnelStep last = steps.getLast();
        page.line("<p>Of " + count(first.in()) + " samples, " + count(last.kept()) + " survived curation ("
                + escape(first.in() == 0 ? ReportText.NOT_MEASURED : percent((double) last.kept() / first.in())) + ").</p>");
        page.plot(plot);
        page.line("<table><thead><tr><th>step</th><th class=\"num\">in</th><th class=\"num\">kept</th><th class=\"num\">dropped</th>"
                + "<th class=\"num\">kept %</th><th>why dropped</th></tr></thead><tbody>");
        for (FunnelStep step : steps) {
            page.tr().text(step.step()).num(count(step.in())).num(count(step.kept())).num(count(step.in() - step.kept()))
                    .num(step.in() == 0 ? "" : percent((double) step.kept() / step.in())).text(step.reason()).end();
        }
        page.line("</tbody></table>");
        page.close();
    }

    private static void cost(Page page, Cost cost) {
        page.open("cost", "What the data cost");
        if (cost == null) {
            page.line("<p class=\"absent\">Not measured in this run.</p>");
            page.close();
            return;
        }
        page.line("<table class=\"summary\"><tbody>");
        page.row("Teacher queries", count(cost.teacherQueries()));
        page.row("Prompt tokens", count(cost.promptTokens()));
        page.row("Completion tokens", count(cost.completionTokens()));
        page.row("Dollars", cost.dollars() == null ? "no price configured" : dollars(cost.dollars()));
        if (cost.priceNote() != null && !cost.priceNote().isBlank()) {
            page.row("Price", cost.priceNote());
        }
        page.line("</tbody></table>");
        page.close();
    }

    private static void students(Page page, List<StudentRun> students) {
        page.open("students", "The students");
        List<StudentRun> runs = orEmpty(students).stream().filter(Objects::nonNull)
                .sorted(Comparator.comparing((StudentRun s) -> s.source() == null ? "" : s.source())
                        .thenComparingInt(StudentRun::examples).thenComparingLong(StudentRun::seed))
                .toList();
        if (runs.isEmpty()) {
            page.line("<p class=\"absent\">No student was trained in this run.</p>");
            page.close();
            return;
        }
        page.line("<p>Every student trained: one per data source, subset size and seed, evaluated on the teacher's held-out tasks.</p>");
        page.line("<table><thead><tr><th>source</th><th class=\"num\">examples</th><th class=\"num\">seed</th><th class=\"num\">accuracy</th>"
                + "<th class=\"num\">95% interval</th><th class=\"num\">eval tasks</th><th class=\"num\">teacher queries</th>"
                + "<th class=\"num\">train tokens</th><th class=\"num\">train time</th></tr></thead><tbody>");
        for (StudentRun run : runs) {
            Accuracy a = run.accuracy();
            page.tr().text(run.source()).num(count(run.examples())).num(Long.toString(run.seed()))
                    .num(a == null ? ReportText.NOT_MEASURED : percent(a.value())).num(a == null ? "" : interval(a)).num(a == null ? "" : count(a.n()))
                    .num(count(run.teacherQueries())).num(count(run.trainTokens())).num(duration(run.trainSeconds())).end();
        }
        page.line("</tbody></table>");
        page.close();
    }

    private static void curves(Page page, List<Curve> curves, Plot examples, Plot queries) {
        page.open("curves", "Accuracy against data");
        List<Curve> list = orEmpty(curves).stream().filter(Objects::nonNull).toList();
        if (list.isEmpty()) {
            page.line("<p class=\"absent\">Not measured in this run.</p>");
            page.close();
            return;
        }
        page.plot(examples);
        page.plot(queries);
        page.line("<h3>Fitted power laws</h3>");
        page.line("<p>acc(n) = ceiling − scale · n<sup>−exponent</sup>, fitted to the mean accuracy at each subset size; "
                + "the examples each source needs are read off the fit.</p>");
        page.line("<table><thead><tr><th>source</th><th class=\"num\">sizes</th><th class=\"num\">ceiling</th><th class=\"num\">scale</th>"
                + "<th class=\"num\">exponent</th><th class=\"num\">rmse</th><th class=\"num\">examples to 50%</th>"
                + "<th class=\"num\">to 90%</th><th class=\"num\">to 95%</th><th class=\"num\">teacher queries to 90%</th></tr></thead><tbody>");
        for (Curve curve : list) {
            PowerLaw fit = curve.fit();
            Map<String, Double> toExamples = orEmpty(curve.examplesToFractionOfTeacher());
            Map<String, Double> toQueries = orEmpty(curve.teacherQueriesToFractionOfTeacher());
            Row row = page.tr().text(curve.source()).num(count(orEmpty(curve.points()).size()));
            if (fit == null) {
                row.num("no fit").num("").num("").num("");
            } else {
                row.num(percent(fit.ceiling())).num(real(fit.scale())).num(real(fit.exponent())).num(percent(fit.rmse()));
            }
            for (String fraction : ReportMetrics.FRACTIONS) {
                row.num(fittedCount(toExamples.get(fraction)));
            }
            row.num(toQueries.isEmpty() ? "no teacher" : fittedCount(toQueries.get("90"))).end();
        }
        page.line("</tbody></table>");
        page.close();
    }

    private static void scaling(Page page, Scaling scaling) {
        page.open("scaling", "Scaling laws");
        if (scaling == null) {
            page.line("<p class=\"absent\">Not measured in this run.</p>");
            page.close();
            return;
        }
        List<ScalingRow> rows = orEmpty(scaling.rows()).stream().filter(Objects::nonNull).toList();
        if (!rows.isEmpty()) {
            page.line("<p>For a model of N parameters trained on D tokens: its loss under each published law, and the tokens an "
                    + "infinitely large model would need to reach the same loss.</p>");
            page.line("<table><thead><tr><th>law</th><th class=\"num\">parameters N</th><th class=\"num\">tokens D</th>"
                    + "<th class=\"num\">loss</th><th class=\"num\">tokens for an infinite model</th><th class=\"num\">D / that</th></tr></thead><tbody>");
            for (ScalingRow row : rows) {
                double ratio = row.tokens() / row.tokensForInfiniteModel();
                page.tr().text(row.law()).num(magnitude(row.parameters())).num(magnitude(row.tokens())).num(real(row.loss()))
                        .num(magnitude(row.tokensForInfiniteModel())).num(Double.isFinite(ratio) ? real(ratio) + "×" : ReportText.NOT_MEASURED).end();
            }
            page.line("</tbody></table>");
        }
        FittedLaw fit = scaling.fit();
        if (fit == null) {
            page.line("<p class=\"absent\">A law fitted to this project's own runs: not measured in this run.</p>");
        } else {
            page.line("<p>Fitted to " + count(fit.points()) + " of this project's runs: L(N, D) = E + A / N<sup>α</sup> + B / D<sup>β</sup>.</p>");
            page.line("<table class=\"summary\"><tbody>");
            page.row("E", real(fit.e()));
            page.row("A", real(fit.a()));
            page.row("α", real(fit.alpha()));
            page.row("B", real(fit.b()));
            page.row("β", real(fit.beta()));
            page.row("rmse", real(fit.rmse()));
            page.line("</tbody></table>");
        }
        if (scaling.fitNote() != null && !scaling.fitNote().isBlank()) {
            page.line("<p class=\"note\">" + Html.escape(scaling.fitNote()) + "</p>");
        }
        page.close();
    }

    private static void reproduce(Page page, String command) {
        page.open("reproduce", "Reproduce");
        if (command == null || command.isBlank()) {
            page.line("<p class=\"absent\">The command that made this report was not recorded.</p>");
        } else {
            page.line("<p>The same seeds give the same data, students and report:</p>");
            page.line("<pre><code>" + escape(command) + "</code></pre>");
        }
        page.close();
    }

    private static String accuracyWithInterval(Accuracy a) {
        return percent(a.value()) + " (95% interval " + interval(a) + ", " + count(a.n()) + " tasks)";
    }

    private static String interval(Accuracy a) {
        return percent(a.ci95Low()) + " – " + percent(a.ci95High());
    }

    private static <K, V> Map<K, V> withoutNullKeys(Map<K, V> map) {
        Map<K, V> copy = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    /** The page being written: sections, key-value rows and table rows, every cell escaped here and nowhere else. */
    private static final class Page {
        private final StringBuilder html = new StringBuilder(1 << 16);

        void line(String s) {
            html.append(s).append('\n');
        }

        void open(String id, String heading) {
            line("<section id=\"" + id + "\"><h2>" + escape(heading) + "</h2>");
        }

        void close() {
            line("</section>");
        }

        void row(String key, String value) {
            line("<tr><th scope=\"row\">" + escape(key) + "</th><td>" + escape(value) + "</td></tr>");
        }

        Row tr() {
            return new Row(this);
        }

        void plot(Plot plot) {
            if (plot == null) {
                return;
            }
            line("<figure id=\"plot-" + plot.id() + "\"><img alt=\"" + escape(plot.title()) + "\" width=\"" + ReportCharts.WIDTH + "\" height=\""
                    + ReportCharts.HEIGHT + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(plot.png()) + "\">");
            line("<figcaption><strong>" + escape(plot.title()) + ".</strong> " + escape(plot.caption()) + "</figcaption></figure>");
        }

        @Override
        public String toString() {
            return html.toString();
        }
    }

    /** A table row: text cells left-aligned, numbers right-aligned, every one escaped. */
    private static final class Row {
        private final Page page;
        private final StringBuilder html = new StringBuilder("<tr>");

        private Row(Page page) {
            this.page = page;
        }

        Row text(String value) {
            html.append("<td>").append(escape(value)).append("</td>");
            return this;
        }

        Row num(String value) {
            html.append("<td class=\"num\">").append(escape(value)).append("</td>");
            return this;
        }

        void end() {
            page.line(html.append("</tr>").toString());
        }
    }

    private static final String STYLE = """
            :root { --ink: #1d2430; --muted: #5b6472; --line: #e3e6ea; --accent: #0b63a8; --band: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #fff; color: var(--ink);
              font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
            main { max-width: 960px; margin: 0 auto; padding: 32px 24px 48px; }
            header { border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 8px; }
            h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; font-weight: 650; }
            h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-weight: 600; }
            h3 { font-size: 15px; margin: 20px 0 8px; color: var(--muted); font-weight: 600; }
            .meta { color: var(--muted); margin: 0 0 10px; font-size: 14px; }
            nav a { color: var(--accent); text-decoration: none; margin-right: 14px; font-size: 13px; text-transform: capitalize; }
            nav a:hover, footer a:hover { text-decoration: underline; }
            .lead { font-size: 21px; line-height: 1.4; font-weight: 600; margin: 8px 0 16px; padding: 14px 18px;
              background: var(--band); border-left: 4px solid var(--accent); border-radius: 4px; }
            table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; font-variant-numeric: tabular-nums; }
            th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            thead th { background: var(--band); font-weight: 600; border-bottom: 2px solid #d4d8dd; white-space: nowrap; }
            tbody tr:nth-child(even) td { background: #fbfcfd; }
            .num { text-align: right; white-space: nowrap; }
            table.summary { width: auto; min-width: 60%; }
            table.narrow { width: auto; min-width: 50%; }
            table.summary th { font-weight: 500; color: var(--muted); padding-right: 32px; }
            table.summary td { font-weight: 600; }
            figure { margin: 12px 0 24px; }
            figure img { display: block; width: 100%; max-width: 880px; height: auto; border: 1px solid var(--line); border-radius: 4px; }
            figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
            .absent { color: var(--muted); font-style: italic; }
            .note { color: var(--muted); font-size: 13px; margin-top: -8px; }
            td:first-child { white-space: nowrap; }
            code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
            pre { background: var(--band); border: 1px solid var(--line); border-radius: 4px; padding: 12px 14px; overflow-x: auto;
              white-space: pre-wrap; word-break: break-all; }
            footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 12px; }
            footer a { color: var(--accent); }
            """;
}
