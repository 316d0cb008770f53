package dev.distill4j.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.Json;
import dev.distill4j.eval.report.StudyReport.Curve;
import dev.distill4j.eval.report.StudyReport.Headline;
import dev.distill4j.eval.report.StudyReport.StudentRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final String EVIL = "<script>alert('x')</script>";

    @Test
    void should_escape_every_name_that_comes_from_the_run() {
        StudyReport full = StudyReports.realistic();
        List<StudentRun> students = new ArrayList<>(full.students());
        StudentRun first = students.getFirst();
        students.set(0, new StudentRun(EVIL, first.examples(), first.seed(), first.accuracy(), first.teacherQueries(), first.trainTokens(),
                first.trainSeconds(), first.preset(), first.parameters(), first.dataTokens(), first.heldOutLoss()));
        List<Curve> curves = new ArrayList<>(full.curves());
        Curve curve = curves.getFirst();
        curves.set(0, new Curve(EVIL, curve.points(), curve.fit(), curve.examplesToFractionOfTeacher(), curve.teacherQueriesToFractionOfTeacher()));
        StudyReport report = new StudyReport("R&D <study>", "./distill demo --note \"a & b\" </code>", full.created(), full.wallSeconds(),
                full.teacher(), full.funnel(), full.cost(), students, curves, full.headline(), full.scaling());

        String html = HtmlReport.render(report);

        assertThat(html).doesNotContain("<script").doesNotContain("<study>");
        assertThat(html).contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>");
        assertThat(html).contains("<title>R&amp;D &lt;study&gt;</title>");
        assertThat(html).contains("<pre><code>./distill demo --note &quot;a &amp; b&quot; &lt;/code&gt;</code></pre>");
    }

    @Test
    void should_render_a_report_that_measured_nothing_without_saying_null() {
        StudyReport empty = new StudyReport(null, null, null, 0, null, null, null, null, null, null, null);

        String html = HtmlReport.render(empty);

        assertThat(html).doesNotContain("null").doesNotContain("NaN").doesNotContain("<img");
        for (String id : HtmlReport.SECTIONS) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(html).contains("No student was trained in this run.").contains("Not measured in this run.");
    }

    @Test
    void should_put_the_sections_in_story_order() {
        String html = HtmlReport.render(StudyReports.realistic());

        Matcher m = Pattern.compile("<section id=\"([a-z]+)\">").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).containsExactly("headline", "teacher", "funnel", "cost", "students", "curves", "scaling", "reproduce");
    }

    @Test
    void should_lead_with_what_it_took_and_leave_out_an_unknown_price() {
        StudyReport full = StudyReports.realistic();
        Headline h = full.headline();
        StudyReport unpriced = new StudyReport(full.title(), full.command(), full.created(), full.wallSeconds(), full.teacher(), full.funnel(),
                full.cost(), full.students(), full.curves(),
                new Headline(h.source(), h.examples(), h.teacherQueries(), null, h.teacherAccuracy(), h.bestStudentAccuracy(), h.bestStudentSource()),
                full.scaling());

        assertThat(HtmlReport.headlineSentence(unpriced))
                .isEqualTo("2,105 examples / 2,631 teacher queries to reach 90% of the teacher (source: teacher-verified).");
        assertThat(HtmlReport.render(unpriced)).contains("<th scope=\"row\">Dollars to 90% of the teacher</th><td>no price configured</td>");
    }

    @Test
    void should_embed_every_plot_and_ask_the_network_for_nothing() {
        String html = HtmlReport.render(StudyReports.realistic());

        assertThat(Pattern.compile("<img ").matcher(html).results().count()).isEqualTo(4);
        assertThat(Pattern.compile("src=\"data:image/png;base64,").matcher(html).results().count()).isEqualTo(4);
        // Every src and href is a data: URI, an anchor on the page or the metrics file beside it (the teacher's endpoint
        // is printed, as text, not linked).
        assertThat(Pattern.compile("(src|href)=\"(?!data:|#|metrics\\.json)").matcher(html).results().toList()).isEmpty();
    }

    @Test
    void should_write_both_files_atomically_and_replace_an_earlier_report(@TempDir Path dir) throws Exception {
        HtmlReport.write(StudyReports.nobodyReached(), dir);
        HtmlReport.write(StudyReports.realistic(), dir);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("index.html", "metrics.json");
        }
        assertThat(Files.readString(dir.resolve("index.html"))).startsWith("<!DOCTYPE html>").contains("2,105 examples");
        assertThat(Json.MAPPER.readTree(dir.resolve("metrics.json").toFile()).get("examples_to_90pct_of_teacher").isNumber()).isTrue();
    }
}
