package dev.distill4j.eval.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the report tells, in the order it tells it: the teacher, the data funnel, what the data cost, the
 * students, their curves against examples, and the headline. Built by the study, read by the HTML report and
 * {@code metrics.json}; a null field means "not measured" or "not reached", never zero.
 *
 * @param title       the page's title, e.g. "distill4j demo: arith (2-digit addition)"
 * @param command     the command line that made it, so a reader can rerun it
 * @param wallSeconds the whole run's wall time
 */
public record StudyReport(
        String title,
        String command,
        Instant created,
        double wallSeconds,
        Teacher teacher,
        List<FunnelStep> funnel,
        Cost cost,
        List<StudentRun> students,
        List<Curve> curves,
        Headline headline,
        Scaling scaling) {

    /** An accuracy with its 95% Wilson interval over n tasks. */
    public record Accuracy(double value, double ci95Low, double ci95High, long n) {}

    /**
     * The teacher, evaluated on the same held-out tasks as the students.
     *
     * @param bySlice accuracy by slice key ("difficulty=2", "template=invoice_email"), may be empty
     * @param passAtK unbiased pass@k by k (k = 1, 2, 4, ...), empty where only one sample per task was drawn
     * @param majAtK  majority-vote accuracy by k, empty where only one sample per task was drawn
     */
    public record Teacher(String name, String endpoint, Accuracy accuracy, Map<String, Double> bySlice, Map<Integer, Double> passAtK,
            Map<Integer, Double> majAtK) {}

    /** One step of curation: how many samples came in and how many it kept; the rest were dropped for {@code reason}. */
    public record FunnelStep(String step, long in, long kept, String reason) {}

    /**
     * What the teacher's data cost.
     *
     * @param dollars at the configured price; null when no price was configured
     */
    public record Cost(long teacherQueries, long promptTokens, long completionTokens, Double dollars, String priceNote) {}

    /**
     * One trained student: a data source, a subset size and a seed.
     *
     * @param source         the data source's name, e.g. "expert", "teacher-verified"
     * @param examples       training examples in its subset
     * @param teacherQueries teacher samples paid for to build the subset (0 for sources that use no teacher)
     * @param trainTokens    tokens the student trained on (all steps, loss-bearing or not)
     * @param preset         the student's size by name (micro, tiny, ...)
     * @param parameters     the student's parameter count
     * @param dataTokens     tokens in its training subset, each example once: the D of a scaling law
     * @param heldOutLoss    its loss per answer token on the expert solutions of held-out tasks, or null if not measured
     */
    public record StudentRun(String source, int examples, long seed, Accuracy accuracy, long teacherQueries, long trainTokens,
            double trainSeconds, String preset, long parameters, long dataTokens, Double heldOutLoss) {}

    /**
     * Accuracy against examples for one data source, mean over seeds with the spread, and the fitted saturating
     * power law acc(n) = ceiling - scale * n^(-exponent) where a fit was possible.
     *
     * @param examplesToFractionOfTeacher examples the fit needs to reach 50%, 90% and 95% of the teacher's accuracy,
     *                                    keyed "50", "90", "95"; a null value: the fit never reaches it
     */
    public record Curve(String source, List<Point> points, PowerLaw fit, Map<String, Double> examplesToFractionOfTeacher,
            Map<String, Double> teacherQueriesToFractionOfTeacher) {}

    /** Mean accuracy over seeds at one subset size, with the smallest and largest seed's figure and the standard error. */
    public record Point(int examples, double meanAccuracy, double minAccuracy, double maxAccuracy, double standardError, int seeds,
            double meanTeacherQueries) {}

    /** A saturating power law acc(n) = ceiling - scale * n^(-exponent). */
    public record PowerLaw(double ceiling, double scale, double exponent, double rmse) {}

    /**
     * The one line the report leads with: the cheapest source that reached 90% of the teacher, and what it took.
     * Every number is null when no source reached it.
     */
    public record Headline(String source, Double examples, Double teacherQueries, Double dollars, double teacherAccuracy,
            double bestStudentAccuracy, String bestStudentSource) {}

    /**
     * Scaling: the published Chinchilla laws asked "how much less data would an infinitely large model need" at
     * the project's student sizes, and a fit of L(N, D) to the project's own runs where they were made.
     *
     * @param rows one row per (law, N, D) question answered
     * @param fit     the law fitted to the project's runs, or null
     * @param fitNote what a reader must know about the fit (why there is none, or why it is not a law to trust), or null
     */
    public record Scaling(List<ScalingRow> rows, FittedLaw fit, String fitNote) {
        public Scaling(List<ScalingRow> rows, FittedLaw fit) {
            this(rows, fit, null);
        }
    }

    /** For a model of {@code parameters} trained on {@code tokens}: its loss, and the tokens an infinite model needs for it. */
    public record ScalingRow(String law, double parameters, double tokens, double loss, double tokensForInfiniteModel) {}

    /** L(N, D) = E + A / N^alpha + B / D^beta fitted to (N, D, loss) points. */
    public record FittedLaw(double e, double a, double alpha, double b, double beta, int points, double rmse) {}
}
