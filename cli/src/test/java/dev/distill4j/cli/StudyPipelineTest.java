package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distill4j.curate.DropReason;
import dev.distill4j.curate.Funnel;
import dev.distill4j.eval.report.StudyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the study makes of its students: the funnel, the headline, scaling. */
class StudyPipelineTest {
    static StudyReport.StudentRun run(String source, String preset, long parameters, int examples, long dataTokens, double loss) {
        return new StudyReport.StudentRun(source, examples, 1, new StudyReport.Accuracy(0.5, 0.4, 0.6, 100), 0, 1000, 1.0, preset, parameters,
                dataTokens, loss);
    }

    @Test
    void should_recover_a_scaling_law_from_students_whose_losses_follow_one_and_trust_it() {
        // L = 0.5 + 40 / N^0.4 + 60 / D^0.35 at 3 sizes x 4 subsets: the fit must find it, with no warning.
        List<StudyReport.StudentRun> students = new ArrayList<>();
        long[] sizes = {100_000, 400_000, 1_300_000};
        long[] data = {12_000, 24_000, 48_000, 96_000};
        for (long n : sizes) {
            for (long d : data) {
                students.add(run("expert", "p" + n, n, (int) (d / 100), d, 0.5 + 40 / Math.pow(n, 0.4) + 60 / Math.pow(d, 0.35)));
            }
        }
        StudyReport.Scaling scaling = StudyPipeline.scaling(students);
        assertThat(scaling.fit()).isNotNull();
        assertThat(scaling.fit().alpha()).isCloseTo(0.4, within(0.02));
        assertThat(scaling.fit().beta()).isCloseTo(0.35, within(0.02));
        assertThat(scaling.fitNote()).isNull();
        // Two published laws per student size, and the fitted law asked about each of the 12 (N, D) points.
        assertThat(scaling.rows()).hasSize(2 * 3 + 12);
    }

    @Test
    void should_warn_of_a_fit_whose_exponents_no_power_law_has_and_explain_a_missing_fit() {
        assertThat(StudyPipeline.plausibility(new StudyReport.FittedLaw(0.03, 13.8, 0.51, 9e95, 23.8, 12, 0.02)))
                .contains("Do not trust this fit").contains("beta = 23.80").contains("of the data");
        assertThat(StudyPipeline.plausibility(new StudyReport.FittedLaw(1.7, 400, 0.34, 410, 0.28, 12, 0.02))).isNull();
        StudyReport.Scaling one = StudyPipeline.scaling(List.of(run("expert", "micro", 100_000, 64, 6_400, 0.3)));
        assertThat(one.fit()).isNull();
        assertThat(one.fitNote()).contains("needs 3 student sizes").contains("has 1 student size(s) and 1 distinct");
    }

    @Test
    void should_build_the_funnel_step_by_step_from_what_curation_dropped() {
        Funnel funnel = new Funnel(100, 70, Map.of(DropReason.BELOW_MIN_SCORE, 20L, DropReason.EXACT_DUPLICATE, 10L));
        List<StudyReport.FunnelStep> steps = StudyPipeline.funnel(funnel);
        assertThat(steps).extracting(StudyReport.FunnelStep::in).containsExactly(100L, 80L, 100L);
        assertThat(steps).extracting(StudyReport.FunnelStep::kept).containsExactly(80L, 70L, 70L);
    }

    @Test
    void should_lead_with_the_cheapest_teacher_source_that_reached_ninety_percent() {
        StudyReport.Curve expert = curve("expert", 100.0, 0.0, 0.99);
        StudyReport.Curve verified = curve("teacher-verified", 800.0, 1000.0, 0.97);
        StudyReport.Curve unverified = curve("teacher-unverified", 1000.0, 1000.0, 0.93);
        StudyReport.Curve gold = curve("gold", null, null, 0.05);
        StudyReport.Cost cost = new StudyReport.Cost(2000, 0, 0, 4.0, "");
        StudyReport.Headline headline = StudyPipeline.headline(List.of(gold, expert, unverified, verified), List.of(), 1.0, cost);
        // The expert needs fewer examples but no teacher queries: the story is the teacher's, so the teacher source leads;
        // of the two at 1,000 queries, the one needing fewer examples. $4 over 2,000 queries: $2 per 1,000.
        assertThat(headline.source()).isEqualTo("teacher-verified");
        assertThat(headline.examples()).isEqualTo(800.0);
        assertThat(headline.dollars()).isCloseTo(2.0, within(1e-12));
        assertThat(headline.bestStudentAccuracy()).isEqualTo(0.99);
        assertThat(headline.bestStudentSource()).isEqualTo("expert");
        StudyReport.Headline none = StudyPipeline.headline(List.of(gold), List.of(), 1.0, cost);
        assertThat(none.source()).isNull();
        assertThat(none.examples()).isNull();
    }

    private static StudyReport.Curve curve(String source, Double examplesTo90, Double queriesTo90, double best) {
        java.util.HashMap<String, Double> examples = new java.util.HashMap<>();
        examples.put("90", examplesTo90);
        java.util.HashMap<String, Double> queries = new java.util.HashMap<>();
        queries.put("90", queriesTo90);
        return new StudyReport.Curve(source, List.of(new StudyReport.Point(1024, best, best, best, 0, 1, 0)), null, examples, queries);
    }
}
