package dev.distill4j.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.eval.report.StudyReport.Curve;
import dev.distill4j.eval.report.StudyReport.PowerLaw;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportMetricsTest {
    @Test
    void should_put_the_headline_figures_at_the_top_level_with_their_exact_values() throws Exception {
        StudyReport report = StudyReports.realistic();

        JsonNode json = roundTrip(ReportMetrics.of(report));

        assertThat(json.get("teacher_accuracy").doubleValue()).isEqualTo(0.989);
        assertThat(json.get("wall_seconds").doubleValue()).isEqualTo(1843.5);
        // Exactly the study's figures, not rounded for display.
        assertThat(json.get("examples_to_90pct_of_teacher").doubleValue()).isEqualTo(report.headline().examples());
        assertThat(json.get("teacher_queries_to_90pct_of_teacher").doubleValue()).isEqualTo(report.headline().teacherQueries());
        assertThat(json.get("dollars_to_90pct_of_teacher").doubleValue()).isEqualTo(report.headline().dollars());
        // And those are what the fixture's law gives, worked out by hand: (0.0799 / 2.5)^(-1 / 0.45) = 2104.2438.
        assertThat(json.get("examples_to_90pct_of_teacher").doubleValue()).isCloseTo(2104.2438, within(1e-3));
        assertThat(json.get("dollars_to_90pct_of_teacher").doubleValue()).isCloseTo(2104.2438 * 1.25 * 0.0004, within(1e-6));
        assertThat(json.get("source_to_90pct_of_teacher").asText()).isEqualTo("teacher-verified");
        // Best single run: teacher-verified, 3,000 examples, seed 3: 0.97 - 2.5 * 3000^-0.45 + 0.009.
        assertThat(json.get("best_student_accuracy").doubleValue()).isCloseTo(0.910886, within(1e-6));
        assertThat(json.get("best_student_source").asText()).isEqualTo("teacher-verified");
    }

    @Test
    void should_take_the_fewest_examples_over_all_sources_for_fifty_and_ninety_five_percent() throws Exception {
        JsonNode json = roundTrip(ReportMetrics.of(StudyReports.realistic()));

        // 50% of 0.989 = 0.4945: teacher-verified (0.4755 / 2.5)^(-1 / 0.45) = 39.97 beats expert (73.2) and unverified (110).
        assertThat(json.get("examples_to_50pct_of_teacher").doubleValue()).isCloseTo(39.97, within(0.01));
        assertThat(json.at("/fewest_examples_to_fraction_of_teacher/50/source").asText()).isEqualTo("teacher-verified");
        // 95% = 0.93955: expert (0.05045 / 3)^(-1 / 0.42) = 16,765.6 beats teacher-verified (0.03045 / 2.5)^(-1 / 0.45) = 17,952.
        assertThat(json.get("examples_to_95pct_of_teacher").doubleValue()).isCloseTo(16765.6, within(1.0));
        assertThat(json.at("/fewest_examples_to_fraction_of_teacher/95/source").asText()).isEqualTo("expert");
    }

    @Test
    void should_write_json_null_not_zero_for_what_was_not_reached() throws Exception {
        ObjectNode tree = ReportMetrics.of(StudyReports.nobodyReached());
        String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        JsonNode json = Json.MAPPER.readTree(text);

        for (String key : List.of("examples_to_90pct_of_teacher", "teacher_queries_to_90pct_of_teacher", "dollars_to_90pct_of_teacher",
                "examples_to_95pct_of_teacher", "source_to_90pct_of_teacher", "scaling")) {
            assertThat(json.has(key)).as(key + " is present").isTrue();
            assertThat(json.get(key).isNull()).as(key + " is null").isTrue();
        }
        assertThat(text).contains("\"examples_to_90pct_of_teacher\" : null");
        assertThat(json.get("examples_to_50pct_of_teacher").isNumber()).isTrue();
        assertThat(json.at("/cost/dollars").isNull()).isTrue();
        assertThat(json.at("/curves/0/examples_to_fraction_of_teacher/90").isNull()).isTrue();
    }

    @Test
    void should_carry_every_student_run_and_every_curve_with_its_fit() throws Exception {
        StudyReport report = StudyReports.realistic();

        JsonNode json = roundTrip(ReportMetrics.of(report));

        assertThat(json.get("students")).hasSize(3 * 4 * 3);
        JsonNode first = json.at("/students/0");
        assertThat(first.get("source").asText()).isEqualTo("expert");
        assertThat(first.get("examples").asInt()).isEqualTo(100);
        assertThat(first.get("seed").asLong()).isEqualTo(1);
        assertThat(first.at("/accuracy/value").doubleValue()).isEqualTo(report.students().getFirst().accuracy().value());
        assertThat(first.at("/accuracy/ci95_low").isNumber()).isTrue();
        assertThat(first.get("teacher_queries").asLong()).isZero();
        assertThat(json.get("curves")).hasSize(3);
        assertThat(json.at("/curves/1/source").asText()).isEqualTo("teacher-verified");
        assertThat(json.at("/curves/1/fit/exponent").doubleValue()).isEqualTo(0.45);
        assertThat(json.at("/curves/1/points")).hasSize(4);
        assertThat(json.at("/curves/1/points/3/mean_teacher_queries").doubleValue()).isEqualTo(3750.0);
        assertThat(json.at("/teacher/pass_at_k/8").doubleValue()).isEqualTo(1.0);
        assertThat(json.at("/funnel/3/kept").asLong()).isEqualTo(9050);
    }

    @Test
    void should_write_null_for_numbers_json_cannot_hold() throws Exception {
        StudyReport full = StudyReports.realistic();
        List<Curve> curves = new ArrayList<>(full.curves());
        Curve first = curves.getFirst();
        curves.set(0, new Curve(first.source(), first.points(), new PowerLaw(0.99, 3.0, 0.42, Double.NaN), first.examplesToFractionOfTeacher(),
                first.teacherQueriesToFractionOfTeacher()));
        StudyReport report = new StudyReport(full.title(), full.command(), full.created(), Double.POSITIVE_INFINITY, full.teacher(), full.funnel(),
                full.cost(), full.students(), curves, full.headline(), full.scaling());

        // A strict parser (Jackson's default rejects NaN) must read what was written.
        JsonNode json = roundTrip(ReportMetrics.of(report));

        assertThat(json.get("wall_seconds").isNull()).isTrue();
        assertThat(json.at("/curves/0/fit/rmse").isNull()).isTrue();
        assertThat(json.at("/curves/0/fit/ceiling").doubleValue()).isEqualTo(0.99);
    }

    @Test
    void should_write_every_key_for_a_report_that_measured_nothing() throws Exception {
        StudyReport empty = new StudyReport(null, null, null, 0, null, null, null, null, null, null, null);

        JsonNode json = roundTrip(ReportMetrics.of(empty));

        for (String key : List.of("teacher_accuracy", "best_student_accuracy", "examples_to_90pct_of_teacher", "teacher_queries_to_90pct_of_teacher",
                "dollars_to_90pct_of_teacher", "examples_to_50pct_of_teacher", "examples_to_95pct_of_teacher", "teacher", "curves", "students")) {
            assertThat(json.get(key)).as(key).isNotNull();
            assertThat(json.get(key).isNull()).as(key + " is null").isTrue();
        }
        assertThat(json.get("wall_seconds").doubleValue()).isZero();
        assertThat(json.get("format_version").asInt()).isEqualTo(ReportMetrics.FORMAT_VERSION);
    }

    private static JsonNode roundTrip(ObjectNode tree) throws Exception {
        return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(tree));
    }
}
