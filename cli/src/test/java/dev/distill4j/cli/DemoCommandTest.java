package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.eval.report.HeadlessChromium;
import dev.distill4j.eval.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick demo, as CI runs it on every build: the shipped teacher behind a real loopback server, distilled
 * through HTTP, students trained and evaluated, the report written and opened in a real browser.
 */
class DemoCommandTest {
    static final Path TEACHER = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void should_play_the_whole_story_quickly_and_pay_nothing_twice_when_run_again() throws Exception {
        Path out = dir.resolve("demo");
        CliRun run = CliRun.of("demo", "--quick", "--out", out.toString(), "--teacher", TEACHER.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("served on http://127\\.0\\.0\\.1:\\d+/v1")
                .contains("generate  160 samples for 160 tasks (160 new) from 160 requests")
                .containsPattern("teacher\\s+\\d+\\.\\d% on 64 held-out tasks")
                .containsPattern("gold\\s+64\\s+\\d+\\.\\d%")
                .containsPattern("teacher-verified\\s+64\\s+\\d+\\.\\d%")
                .containsPattern("teacher-unverified\\s+64\\s+\\d+\\.\\d%")
                .contains("The server is stopped.");

        JsonNode metrics = Json.MAPPER.readTree(out.resolve("report/metrics.json").toFile());
        // The shipped teacher is at 100% on 2-digit addition (its own card: 100% on 2 digits).
        assertThat(metrics.get("teacher_accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(metrics.get("best_student_accuracy").isNumber()).isTrue();
        assertThat(metrics.get("wall_seconds").asDouble()).isPositive();
        for (String field : List.of("examples_to_90pct_of_teacher", "teacher_queries_to_90pct_of_teacher")) {
            assertThat(metrics.has(field)).as(field).isTrue();
            assertThat(metrics.get(field).isNumber() || metrics.get(field).isNull()).as(field).isTrue();
        }
        // 3 sources x 3 sizes x 1 seed, each in its folder with its result, each answer of each in the run store.
        try (Stream<Path> results = Files.walk(out.resolve("models/study"))) {
            assertThat(results.filter(p -> p.getFileName().toString().equals("study-result.json")).count()).isEqualTo(9);
        }
        try (RunStore store = RunStore.open(out, Provenance.adHoc("check", 1))) {
            assertThat(store.samples().count()).isEqualTo(160);
            assertThat(store.evals().where("eval_name", "study")).hasSize(9 * 64);
            assertThat(store.evals().where("eval_name", "teacher-greedy")).hasSize(64);
        }
        assertTheReportRendersInChromium(out.resolve("report/index.html"));

        CliRun again = CliRun.of("demo", "--quick", "--out", out.toString(), "--teacher", TEACHER.toString(), "--quiet");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("(0 new) from 0 requests; 160 requests not sent again");
        try (RunStore store = RunStore.open(out, Provenance.adHoc("check", 1))) {
            assertThat(store.evals().where("eval_name", "study")).hasSize(9 * 64);
        }
    }

    @Test
    void should_say_where_the_teacher_is_missing() {
        CliRun run = CliRun.of("demo", "--quick", "--out", dir.resolve("demo").toString(), "--teacher", dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(run.err()).contains("no teacher checkpoint at").contains("nope");
    }

    private static void assertTheReportRendersInChromium(Path page) throws Exception {
        if (!HeadlessChromium.installed()) {
            if (System.getenv("CI") != null) {
                fail(HeadlessChromium.missingMessage());
            }
            return;
        }
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            HeadlessChromium.Tab tab = chromium.open(page.toUri(), 1200, 900);
            JsonNode seen = Json.MAPPER.readTree(tab.evaluate("""
                    JSON.stringify({
                      sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
                      images: [...document.images].map(i => i.complete && i.naturalWidth > 0)
                    })""").asText());
            assertThat(seen.get("sections")).extracting(JsonNode::asText).containsExactlyElementsOf(HtmlReport.SECTIONS);
            // Accuracy against examples and against teacher queries, and the funnel: each drawn, none broken.
            assertThat(seen.get("images").size()).isGreaterThanOrEqualTo(3);
            seen.get("images").forEach(ok -> assertThat(ok.asBoolean()).isTrue());
            assertThat(tab.screenshot().length).isGreaterThan(10_000);
        }
    }
}
