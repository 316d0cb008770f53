package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.judge.JudgeReport;
import dev.distill4j.client.judge.JudgeStage;
import dev.distill4j.client.judge.ModelComparison;
import dev.distill4j.client.judge.PairwiseJudge;
import dev.distill4j.client.judge.PairwiseReport;
import dev.distill4j.core.Json;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.JudgeConfig;
import dev.distill4j.core.config.Rubric;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.Agreement;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** The LLM judge as the commands run it: a client for the judge's endpoints, a progress line, a summary. */
final class JudgeStep {
    private JudgeStep() {}

    /** What one judge run found: the per-sample report and, when two models were compared, the pairwise one. */
    record Result(JudgeReport report, String firstModel, String secondModel, PairwiseReport pairwise) {}

    /**
     * Judges every sample without a judge verdict, then compares two models' samples pair by pair when both are given.
     *
     * @param models null, or the two models to compare
     */
    static Result run(JudgeConfig judge, Rubric rubric, RunStore store, long seed, String[] models, ProgressLine progressLine)
            throws InterruptedException {
        int concurrency = judge.endpoints().stream().mapToInt(EndpointConfig::maxConcurrency).sum();
        try (TeacherClient client = JudgeStage.clientFor(judge).seed(seed).build()) {
            JudgeReport report = JudgeStage.of(store, client, judge, rubric, concurrency)
                    .run((done, total) -> progressLine.update(done, total, "samples judged"));
            PairwiseReport pairwise = null;
            if (models != null) {
                pairwise = PairwiseReport.of(ModelComparison.run(store, new PairwiseJudge(store, client, judge, rubric), models[0], models[1],
                        concurrency));
            }
            return new Result(report, models == null ? null : models[0], models == null ? null : models[1], pairwise);
        }
    }

    static void print(Result result, PrintWriter out) {
        JudgeReport report = result.report();
        out.printf(Locale.ROOT, "  judge     %s: %d of %d samples judged (%d now), %s pass; %d unjudged%s%n", report.verifier(),
                report.judged(), report.samples(), report.judgedNow(), percent(report.passRate()), report.unjudgedTotal(),
                report.unjudged().isEmpty() ? "" : " (" + report.unjudged().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + "; run again to retry them)");
        out.printf(Locale.ROOT, "            %d judge requests sent, %d answers replayed from the store; $%.4f (saved $%.4f)%n",
                report.requestsSent(), report.repliesReplayed(), report.costUsd(), report.savedUsd());
        Agreement agreement = report.agreement();
        if (agreement.samples() > 0) {
            out.printf(Locale.ROOT, "            agreement with the tasks' verifiers on %d samples: %s, Cohen's kappa %s%n",
                    agreement.samples(), percent(agreement.percent()), Double.isNaN(agreement.kappa()) ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", agreement.kappa()));
        }
        if (result.pairwise() != null) {
            PairwiseReport pairwise = result.pairwise();
            out.printf(Locale.ROOT, "  pairwise  %s vs %s: %d wins, %d losses, %d ties, %d unjudged; orders disagreed on %s (position bias)%n",
                    result.firstModel(), result.secondModel(), pairwise.firstWins(), pairwise.secondWins(), pairwise.ties(),
                    pairwise.unjudged(), percent(pairwise.positionBiasRate()));
        }
    }

    static ObjectNode json(Result result) {
        JudgeReport report = result.report();
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("rubric", report.rubric()).put("verifier", report.verifier()).put("samples", report.samples())
                .put("judged", report.judged()).put("judged_now", report.judgedNow()).put("passed", report.passed())
                .put("pass_rate", report.passRate()).put("unjudged", report.unjudgedTotal())
                .put("requests_sent", report.requestsSent()).put("replies_replayed", report.repliesReplayed())
                .put("cost_usd", report.costUsd()).put("saved_usd", report.savedUsd());
        ObjectNode reasons = json.putObject("unjudged_by_reason");
        report.unjudged().forEach(reasons::put);
        Agreement agreement = report.agreement();
        json.putObject("agreement").put("samples", agreement.samples()).put("percent", agreement.percent()).put("kappa", agreement.kappa())
                .put("both_pass", agreement.bothPass()).put("only_judge_pass", agreement.onlyFirst())
                .put("only_verifier_pass", agreement.onlySecond()).put("both_fail", agreement.bothFail());
        if (result.pairwise() != null) {
            PairwiseReport pairwise = result.pairwise();
            json.putObject("pairwise").put("first", result.firstModel()).put("second", result.secondModel())
                    .put("first_wins", pairwise.firstWins()).put("second_wins", pairwise.secondWins()).put("ties", pairwise.ties())
                    .put("unjudged", pairwise.unjudged()).put("orders_disagreed", pairwise.disagreements())
                    .put("position_bias_rate", pairwise.positionBiasRate());
        }
        return json;
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
