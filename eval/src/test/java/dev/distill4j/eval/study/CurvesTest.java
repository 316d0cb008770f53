package dev.distill4j.eval.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distill4j.eval.report.StudyReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesTest {
    static StudyReport.StudentRun run(String source, int examples, long seed, double accuracy, long queries) {
        return new StudyReport.StudentRun(source, examples, seed, new StudyReport.Accuracy(accuracy, 0, 1, 200), queries, 1000, 1.0, "micro",
                100_000, 64L * examples, null);
    }

    @Test
    void should_average_seeds_with_their_spread_and_standard_error() {
        // Three seeds at 0.2, 0.4, 0.6: mean 0.4, sample sd 0.2, standard error 0.2 / sqrt(3) = 0.11547.
        StudyReport.Point point = Curves.point(64, List.of(run("gold", 64, 1, 0.2, 0), run("gold", 64, 2, 0.4, 0), run("gold", 64, 3, 0.6, 0)));
        assertThat(point.meanAccuracy()).isCloseTo(0.4, within(1e-12));
        assertThat(point.minAccuracy()).isEqualTo(0.2);
        assertThat(point.maxAccuracy()).isEqualTo(0.6);
        assertThat(point.standardError()).isCloseTo(0.2 / Math.sqrt(3), within(1e-12));
        assertThat(point.seeds()).isEqualTo(3);
    }

    @Test
    void should_fit_each_source_and_say_what_reaching_a_fraction_of_the_teacher_takes() {
        // A source following acc(n) = 0.95 - 2 n^-0.5 exactly; the teacher at 1.0, so 90% of it is 0.9:
        // n = (2 / 0.05)^2 = 1600, within 4x the largest size (1024).
        List<StudyReport.StudentRun> runs = new ArrayList<>();
        for (int n : new int[] {16, 64, 256, 1024}) {
            runs.add(run("teacher-verified", n, 1, 0.95 - 2 * Math.pow(n, -0.5), 2L * n));
        }
        runs.add(run("gold", 16, 1, 0.0, 0));
        runs.add(run("gold", 64, 1, 0.0, 0));
        runs.add(run("gold", 256, 1, 0.01, 0));
        List<StudyReport.Curve> curves = Curves.of(runs, 1.0, List.of(0.5, 0.9, 0.99));
        StudyReport.Curve verified = curves.get(0);
        assertThat(verified.source()).isEqualTo("teacher-verified");
        assertThat(verified.fit().ceiling()).isCloseTo(0.95, within(1e-3));
        assertThat(verified.examplesToFractionOfTeacher().get("90")).isCloseTo(1600, within(5.0));
        assertThat(verified.teacherQueriesToFractionOfTeacher().get("90")).isCloseTo(3200, within(10.0));
        // 50%: 0.45 at n = 16, 0.70 at n = 64; the law crosses 0.5 at (2 / 0.45)^2 = 19.75.
        assertThat(verified.examplesToFractionOfTeacher().get("50")).isCloseTo(19.75, within(0.1));
        // 99% is above the fit's ceiling: never reached.
        assertThat(verified.examplesToFractionOfTeacher().get("99")).isNull();
        StudyReport.Curve gold = curves.get(1);
        assertThat(gold.examplesToFractionOfTeacher().get("50")).isNull();
    }

    @Test
    void should_not_trust_a_fit_far_beyond_the_sizes_it_saw() {
        List<StudyReport.Point> points = List.of(new StudyReport.Point(10, 0.1, 0.1, 0.1, 0, 1, 0), new StudyReport.Point(100, 0.2, 0.2, 0.2, 0, 1, 0));
        StudyReport.PowerLaw slow = new StudyReport.PowerLaw(1.0, 1.0, 0.05, 0);
        assertThat(Curves.examplesToReach(points, slow, 0.5)).isNull();
        // Measured at n = 100 (0.2 >= 0.15): the fit's crossing, 0.85^-20 = 25.8, lies below it and is taken.
        assertThat(Curves.examplesToReach(points, slow, 0.15)).isCloseTo(Math.pow(0.85, -20), within(1e-6));
        // A fit that puts the crossing after the size that measured it is overruled by the measurement.
        StudyReport.PowerLaw late = new StudyReport.PowerLaw(1.0, 10.0, 0.5, 0);
        assertThat(Curves.examplesToReach(points, late, 0.15)).isEqualTo(100.0);
        assertThat(Curves.examplesToReach(points, null, 0.3)).isNull();
    }
}
