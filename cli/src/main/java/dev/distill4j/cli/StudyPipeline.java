package dev.distill4j.cli;

import dev.distill4j.core.ContentKey;
import dev.distill4j.core.EvalResult;
import dev.distill4j.core.Example;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.EvaluationConfig;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.StudyConfig;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.curate.DropReason;
import dev.distill4j.curate.Funnel;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.eval.SampledEvaluation;
import dev.distill4j.eval.report.StudyReport;
import dev.distill4j.eval.fit.ChinchillaLaw;
import dev.distill4j.eval.fit.ScalingLawFit;
import dev.distill4j.eval.study.Curves;
import dev.distill4j.eval.study.DataSource;
import dev.distill4j.eval.study.FolderLedger;
import dev.distill4j.eval.study.SampleEfficiencyStudy;
import dev.distill4j.eval.study.StudySettings;
import dev.distill4j.eval.study.TeacherRollout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The whole story for one pipeline config: the data stages (tasks, the teacher's rollouts, verification,
 * curation), the teacher measured through its endpoint, the sample-efficiency study, and what the report tells.
 * {@code ./distill study} and {@code ./distill demo} run it.
 */
final class StudyPipeline {
    private StudyPipeline() {}

    /** The report's content, or why there is none (teacher requests that failed: running again retries them). */
    record Outcome(StudyReport report, boolean incomplete) {}

    static Outcome run(PipelineConfig config, PrintWriter out, Supplier<ProgressLine> progress, String command, long began)
            throws InterruptedException {
        if (!config.hasTeacher()) {
            throw new IllegalArgumentException("the study measures students against a teacher: the config needs a 'teacher' section "
                    + "(see docs/pipeline.example.yaml)");
        }
        StudyConfig study = config.studyOrDefault();
        if (study.sources().contains("teacher-kd") && !(config.teacher().sampling().logprobs() && config.teacher().sampling().topLogprobs() > 0)) {
            throw new IllegalArgumentException("the study's source 'teacher-kd' distills the teacher's top-k logprobs: set teacher.sampling.logprobs: true"
                    + " and teacher.sampling.top_logprobs (1..20) so that the teacher's rollouts carry them");
        }
        Verifiers verifiers = Verifiers.discover();
        Path runDir = config.run().folder();
        Provenance provenance = new Provenance(config.run().name(), config.hash(), config.run().seed(), null);
        try (RunStore store = RunStore.open(runDir, provenance)) {
            boolean teacherData = study.sources().stream().map(DataSource::parse).anyMatch(DataSource::usesTeacher);
            PipelineStages.Result stages = PipelineStages.run(config, store, TaskFamilies.discover(), verifiers, out, progress, teacherData);
            if (stages.failedRequests()) {
                return new Outcome(null, true);
            }
            List<Task> train = stages.tasks().stream().filter(t -> t.split() == Split.TRAIN).toList();
            List<Task> eval = stages.tasks().stream().filter(t -> t.split() == Split.EVAL).limit(config.evaluation().n()).toList();
            if (eval.isEmpty()) {
                throw new IllegalArgumentException("the study needs evaluation tasks: set tasks.eval (and evaluation.n) above 0");
            }
            StudyReport.Teacher teacher = measureTeacher(config, store, eval, verifiers, progress);
            out.printf(Locale.ROOT, "  teacher   %.1f%% on %d held-out tasks (%s)%n", 100 * teacher.accuracy().value(), eval.size(), teacher.name());

            StudySettings settings = settings(study, config.evaluation());
            Path modelsDir = runDir.resolve("models").resolve("study");
            ProgressLine line = progress.get();
            SampleEfficiencyStudy.Outcome outcome = SampleEfficiencyStudy.run(new SampleEfficiencyStudy.Inputs(train, eval, rollouts(store)), settings,
                    modelsDir, verifiers, new FolderLedger(modelsDir, store, eval), new SampleEfficiencyStudy.Listener() {
                        @Override
                        public void finished(StudyReport.StudentRun run, boolean fromLedger, int done, int total) {
                            line.update(done, total, String.format(Locale.ROOT, "students (last: %s n=%d seed %d %.0f%%%s)", run.source(), run.examples(),
                                    run.seed(), 100 * run.accuracy().value(), fromLedger ? ", found" : ""));
                        }
                    });
            outcome.skipped().forEach(why -> out.println("  skipped   " + why));
            List<StudyReport.Curve> curves = Curves.of(outcome.students(), teacher.accuracy().value(), study.fractions());
            StudyReport.Cost cost = cost(store, config);
            StudyReport.Headline headline = headline(curves, outcome.students(), teacher.accuracy().value(), cost);
            double wall = (System.nanoTime() - began) / 1e9;
            return new Outcome(new StudyReport(title(config), command, Instant.now(), wall, teacher, funnel(stages.funnel()), cost,
                    outcome.students(), curves, headline, scaling(outcome.students())), false);
        }
    }

    static StudySettings settings(StudyConfig study, EvaluationConfig evaluation) {
        return new StudySettings(study.sources().stream().map(DataSource::parse).toList(), study.sizes(), study.seeds(), study.presets(),
                study.steps(), study.batchSize(), study.learningRate(), study.warmupRatio(), study.workers(), evaluation.maxTokens());
    }

    private static String title(PipelineConfig config) {
        String options = config.tasks().options().isEmpty() ? "" : " " + config.tasks().options();
        return "distill4j study: " + (config.tasks().fromFamily() ? config.tasks().family() : String.valueOf(config.tasks().file().getFileName()))
                + options;
    }

    /**
     * Greedy accuracy through the teacher's endpoint, and pass@k and maj@k from samples where the config asks for
     * k > 1. The answers are kept in the run store's {@code evals} table, so a study run again pays for none twice.
     */
    private static StudyReport.Teacher measureTeacher(PipelineConfig config, RunStore store, List<Task> eval, Verifiers verifiers,
            Supplier<ProgressLine> progress) throws InterruptedException {
        var teacherConfig = config.teacher();
        var endpoint = teacherConfig.endpoints().get(0);
        int maxTokens = teacherConfig.sampling().maxTokens();
        ProgressLine greedyLine = progress.get();
        List<List<String>> greedy = storedAnswers(store, "teacher-greedy", endpoint.model(), eval, 1, missing -> EndpointAnswers.ask(teacherConfig,
                missing, 1, 0.0, maxTokens, config.run().seed(), done -> greedyLine.update(done, missing.size(), "teacher answers (greedy)")));
        ModelEvaluation.Result graded = ModelEvaluation.grade(eval, greedy.stream().map(a -> a.get(0)).toList(), verifiers);
        Map<String, Double> bySlice = new java.util.LinkedHashMap<>();
        graded.bySlice().forEach((key, slice) -> bySlice.put(key, slice.accuracy()));
        int k = config.evaluation().k().stream().mapToInt(Integer::intValue).max().orElse(1);
        Map<Integer, Double> passAtK = Map.of();
        Map<Integer, Double> majAtK = Map.of();
        if (k > 1) {
            ProgressLine line = progress.get();
            List<List<String>> sampled = storedAnswers(store, "teacher-sampled-t" + teacherConfig.sampling().temperature(), endpoint.model(), eval, k,
                    missing -> EndpointAnswers.ask(teacherConfig, missing, k, teacherConfig.sampling().temperature(), maxTokens, config.run().seed() + 1,
                            done -> line.update(done, missing.size(), "teacher answers (" + k + " samples each)")));
            SampledEvaluation.Result result = SampledEvaluation.of(eval, sampled, verifiers, config.evaluation().k());
            passAtK = result.passAtK();
            majAtK = result.majAtK();
        }
        ModelEvaluation.Slice overall = graded.overall();
        return new StudyReport.Teacher(endpoint.model(), endpoint.baseUrl().toString(),
                new StudyReport.Accuracy(overall.accuracy(), overall.ci95().low(), overall.ci95().high(), overall.n()), bySlice, passAtK, majAtK);
    }

    interface AnswerSource {
        List<List<String>> ask(List<Task> tasks) throws InterruptedException;
    }

    /**
     * Each task's {@code samples} answers from the {@code evals} table, asking {@code source} only for the tasks that
     * have none stored, and storing those before anything else is done with them.
     */
    static List<List<String>> storedAnswers(RunStore store, String evalName, String model, List<Task> tasks, int samples, AnswerSource source)
            throws InterruptedException {
        // Each task's row keys, computed once: keys.get(t)[i] is the key of task t's answer i.
        List<String[]> keys = new ArrayList<>();
        List<String> allKeys = new ArrayList<>();
        for (Task task : tasks) {
            String[] forTask = new String[samples];
            for (int i = 0; i < samples; i++) {
                forTask[i] = ContentKey.of(evalName, model, task.id(), String.valueOf(i));
                allKeys.add(forTask[i]);
            }
            keys.add(forTask);
        }
        Map<String, EvalResult> stored = store.evals().withKeys(allKeys);
        List<Integer> missingAt = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            if (!java.util.Arrays.stream(keys.get(t)).allMatch(stored::containsKey)) {
                missingAt.add(t);
            }
        }
        List<Task> missing = missingAt.stream().map(tasks::get).toList();
        Map<String, EvalResult> all = new HashMap<>(stored);
        if (!missing.isEmpty()) {
            List<List<String>> asked = source.ask(missing);
            List<EvalResult> rows = new ArrayList<>();
            for (int t = 0; t < missing.size(); t++) {
                List<String> answers = asked.get(t);
                if (answers.size() < samples) {
                    throw new IllegalStateException("the endpoint gave " + answers.size() + " answers where " + samples + " were asked for");
                }
                for (int i = 0; i < samples; i++) {
                    String key = keys.get(missingAt.get(t))[i];
                    // Graded later, with the rest; the row keeps the answer, which is what was paid for.
                    EvalResult row = new EvalResult(key, evalName, model, missing.get(t).id(), i, answers.get(i), null, false, 0.0);
                    rows.add(row);
                    all.put(key, row);
                }
            }
            store.evals().put(rows);
        }
        List<List<String>> answers = new ArrayList<>();
        for (String[] forTask : keys) {
            answers.add(java.util.Arrays.stream(forTask).map(key -> all.get(key).completion()).toList());
        }
        return answers;
    }

    /** Every stored teacher sample, marked kept when curation made it an example. */
    static Map<String, List<TeacherRollout>> rollouts(RunStore store) {
        Set<String> kept = new HashSet<>();
        for (Example example : store.examples().all()) {
            if (example.sampleKey() != null) {
                kept.add(example.sampleKey());
            }
        }
        Map<String, List<TeacherRollout>> byTask = new HashMap<>();
        store.samples().forEach(sample -> byTask.computeIfAbsent(sample.taskId(), t -> new ArrayList<>())
                .add(new TeacherRollout(sample.taskId(), sample.sampleIndex(), sample.completion(), kept.contains(sample.key()), sample.logprobs())));
        return byTask;
    }

    /** What every stored teacher sample cost, at the first endpoint's price. */
    private static StudyReport.Cost cost(RunStore store, PipelineConfig config) {
        long[] totals = new long[3];
        store.samples().forEach((Sample sample) -> {
            totals[0]++;
            totals[1] += sample.promptTokens();
            totals[2] += sample.completionTokens();
        });
        PriceConfig price = config.teacher().endpoints().get(0).price();
        boolean priced = price.inputPerMtok() > 0 || price.outputPerMtok() > 0;
        Double dollars = priced ? (totals[1] * price.inputPerMtok() + totals[2] * price.outputPerMtok()) / 1e6 : null;
        String note = priced ? String.format(Locale.ROOT, "at $%.2f per million prompt tokens and $%.2f per million completion tokens",
                price.inputPerMtok(), price.outputPerMtok()) : "no price configured (teacher.endpoints[0].price)";
        return new StudyReport.Cost(totals[0], totals[1], totals[2], dollars, note);
    }

    /**
     * The published Chinchilla laws asked about each student size at its largest training subset, and, where the
     * study trained three sizes or more at four subset sizes or more, L(N, D) fitted to the students' held-out losses
     * (one source: expert where it ran, else the first with losses; D is the subset's tokens) and asked the same.
     */
    static StudyReport.Scaling scaling(List<StudyReport.StudentRun> students) {
        List<StudyReport.ScalingRow> rows = new ArrayList<>();
        Map<Long, Long> largestData = new java.util.TreeMap<>();
        students.forEach(run -> largestData.merge(run.parameters(), run.dataTokens(), Math::max));
        for (ChinchillaLaw law : List.of(ChinchillaLaw.HOFFMANN_2022, ChinchillaLaw.BESIROGLU_2024)) {
            largestData.forEach((parameters, tokens) -> rows.add(law.row(parameters, tokens)));
        }
        String source = students.stream().anyMatch(r -> r.source().equals("expert")) ? "expert"
                : students.stream().filter(r -> r.heldOutLoss() != null).map(StudyReport.StudentRun::source).findFirst().orElse(null);
        StudyReport.FittedLaw fit = null;
        String note = null;
        if (source != null) {
            // Seeds of one (N, D) averaged: the fit is about sizes, not seeds.
            Map<List<Long>, double[]> means = new java.util.LinkedHashMap<>();
            students.stream().filter(r -> r.source().equals(source) && r.heldOutLoss() != null && Double.isFinite(r.heldOutLoss()))
                    .forEach(r -> {
                        double[] sum = means.computeIfAbsent(List.of(r.parameters(), r.dataTokens()), k -> new double[2]);
                        sum[0] += r.heldOutLoss();
                        sum[1]++;
                    });
            List<ScalingLawFit.Observation> points = means.entrySet().stream()
                    .map(e -> new ScalingLawFit.Observation(e.getKey().get(0), e.getKey().get(1), e.getValue()[0] / e.getValue()[1])).toList();
            long sizes = points.stream().mapToDouble(ScalingLawFit.Observation::parameters).distinct().count();
            long data = points.stream().mapToDouble(ScalingLawFit.Observation::tokens).distinct().count();
            if (sizes >= ScalingLawFit.MIN_MODEL_SIZES && data >= ScalingLawFit.MIN_DATA_SIZES) {
                try {
                    fit = ScalingLawFit.fit(points);
                    ChinchillaLaw fitted = ChinchillaLaw.of("fitted to this study (" + source + ")", fit);
                    points.forEach(p -> rows.add(fitted.row(p.parameters(), p.tokens())));
                    note = plausibility(fit);
                } catch (IllegalArgumentException noFit) {
                    // A law with non-positive exponents fits these losses no better than noise: say nothing rather than a guess.
                    fit = null;
                    note = "No law fits these losses: " + noFit.getMessage();
                }
            } else {
                note = "A law fitted to this study's own students needs 3 student sizes (study.presets) at 4 subset sizes or more; this run"
                        + " has " + sizes + " student size(s) and " + data + " distinct subset sizes in tokens.";
            }
        }
        return new StudyReport.Scaling(rows, fit, note);
    }

    /**
     * Published fits put both exponents near 0.3. An exponent far above 1 means the losses do not fall as a power law
     * in that direction (a step, or noise, fitted by a near-vertical curve), and the law's answers mean nothing.
     */
    static String plausibility(StudyReport.FittedLaw fit) {
        if (fit.alpha() <= 2 && fit.beta() <= 2) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "Do not trust this fit: alpha = %.2f and beta = %.2f (published fits: about 0.3). These"
                + " students' held-out losses do not fall as a power law of %s; at a fixed step budget on a small task they are set by when"
                + " each student's accuracy jumps, not by its data or size.", fit.alpha(), fit.beta(), fit.beta() > 2 ? "the data" : "the model size");
    }

    /** Curation's steps as a funnel: each drop reason that removed something, in the order the steps run. */
    static List<StudyReport.FunnelStep> funnel(Funnel funnel) {
        List<StudyReport.FunnelStep> steps = new ArrayList<>();
        if (funnel == null) {
            return steps;
        }
        long current = funnel.in();
        for (DropReason reason : DropReason.values()) {
            long dropped = funnel.dropped(reason);
            if (dropped > 0) {
                steps.add(new StudyReport.FunnelStep(reason.wireName().replace('_', ' '), current, current - dropped, reason.wireName()));
                current -= dropped;
            }
        }
        steps.add(new StudyReport.FunnelStep("kept as examples", funnel.in(), funnel.kept(), ""));
        return steps;
    }

    /**
     * The cheapest teacher source (fewest teacher queries) that reached 90% of the teacher; another source only where
     * no teacher source did, since the story is what distilling through the API costs.
     */
    static StudyReport.Headline headline(List<StudyReport.Curve> curves, List<StudyReport.StudentRun> students, double teacherAccuracy,
            StudyReport.Cost cost) {
        StudyReport.Curve best = null;
        for (StudyReport.Curve curve : curves) {
            if (curve.examplesToFractionOfTeacher().get("90") == null) {
                continue;
            }
            boolean teacherSource = DataSource.ofLabel(curve.source()).usesTeacher();
            boolean bestIsTeacher = best != null && DataSource.ofLabel(best.source()).usesTeacher();
            if (best == null || (teacherSource && !bestIsTeacher)
                    || (teacherSource == bestIsTeacher && cheaper(curve, best))) {
                best = curve;
            }
        }
        StudyReport.Point bestPoint = null;
        String bestSource = null;
        for (StudyReport.Curve curve : curves) {
            for (StudyReport.Point point : curve.points()) {
                if (bestPoint == null || point.meanAccuracy() > bestPoint.meanAccuracy()) {
                    bestPoint = point;
                    bestSource = curve.source();
                }
            }
        }
        double bestAccuracy = bestPoint == null ? 0 : bestPoint.meanAccuracy();
        if (best == null) {
            return new StudyReport.Headline(null, null, null, null, teacherAccuracy, bestAccuracy, bestSource);
        }
        Double examples = best.examplesToFractionOfTeacher().get("90");
        Double queries = best.teacherQueriesToFractionOfTeacher().get("90");
        Double dollars = queries == null || cost.dollars() == null || cost.teacherQueries() == 0 ? null
                : queries * cost.dollars() / cost.teacherQueries();
        return new StudyReport.Headline(best.source(), examples, queries, dollars, teacherAccuracy, bestAccuracy, bestSource);
    }

    private static boolean cheaper(StudyReport.Curve a, StudyReport.Curve b) {
        Comparator<StudyReport.Curve> byQueries = Comparator.comparing(c -> c.teacherQueriesToFractionOfTeacher().get("90"));
        Comparator<StudyReport.Curve> byExamples = Comparator.comparing(c -> c.examplesToFractionOfTeacher().get("90"));
        return byQueries.thenComparing(byExamples).compare(a, b) < 0;
    }

    /** The terminal's headline table: one row per source, its accuracy at the largest size, and its cost of 90%. */
    static void printHeadline(StudyReport report, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "%-20s %10s %12s %14s %16s%n", "source", "examples", "accuracy", "to 90% (ex.)", "to 90% (queries)");
        out.printf(Locale.ROOT, "%-20s %10s %11.1f%% %14s %16s%n", "teacher " + report.teacher().name(), "-", 100 * report.teacher().accuracy().value(), "-", "-");
        for (StudyReport.Curve curve : report.curves()) {
            StudyReport.Point last = curve.points().get(curve.points().size() - 1);
            out.printf(Locale.ROOT, "%-20s %10d %11.1f%% %14s %16s%n", curve.source(), last.examples(), 100 * last.meanAccuracy(),
                    number(curve.examplesToFractionOfTeacher().get("90")), number(curve.teacherQueriesToFractionOfTeacher().get("90")));
        }
        StudyReport.Headline headline = report.headline();
        out.println();
        if (headline.source() != null) {
            out.printf(Locale.ROOT, "%s examples / %s teacher queries / %s to reach 90%% of the teacher (%s)%n", number(headline.examples()),
                    number(headline.teacherQueries()), headline.dollars() == null ? "$ n/a" : String.format(Locale.ROOT, "$%.4f", headline.dollars()),
                    headline.source());
        } else {
            out.printf(Locale.ROOT, "No student reached 90%% of the teacher in this run; best: %.1f%% from %s.%n", 100 * headline.bestStudentAccuracy(),
                    headline.bestStudentSource());
        }
    }

    private static String number(Double value) {
        return value == null ? "not reached" : String.format(Locale.ROOT, "%,.0f", value);
    }
}
