package dev.distill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.io.InputException;
import dev.distill4j.core.io.JsonLines;
import dev.distill4j.eval.fit.ChinchillaLaw;
import dev.distill4j.eval.fit.ScalingLawFit;
import dev.distill4j.eval.report.StudyReport.FittedLaw;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scaling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Chinchilla's L(N, D) = E + A/N^alpha + B/D^beta: the loss of a model of N parameters trained on D tokens, and",
            "the tokens D' an infinitely large model needs to reach the same loss (E + B/D'^beta = L), with D'/D.",
            "Published laws: hoffmann (Hoffmann et al. 2022) and besiroglu (Besiroglu et al. 2024's replication);",
            "or a law fitted to your own runs (--fit)."},
        footer = {"", "Examples:",
            "  ./distill scaling --params 3e6 --tokens 2e7",
            "  ./distill scaling --params 3e6 --tokens 2e7 --law besiroglu --json",
            "  ./distill scaling --fit runs.jsonl          # lines {\"params\": 1e5, \"tokens\": 3e5, \"loss\": 2.11}",
            "  ./distill scaling --fit runs.jsonl --params 3e6 --tokens 2e7 --json",
            "A fit needs runs at 3 or more model sizes and 4 or more data sizes."})
final class ScalingCommand implements Callable<Integer> {
    enum Law { hoffmann, besiroglu, both }

    private static final Set<String> FIELDS = Set.of("params", "tokens", "loss");

    @Spec
    CommandSpec spec;

    @Option(names = "--params", paramLabel = "N", description = "Model parameters, e.g. 3e6.")
    Double params;

    @Option(names = "--tokens", paramLabel = "D", description = "Training tokens, e.g. 2e7.")
    Double tokens;

    @Option(names = "--law", paramLabel = "LAW", description = "A published law: ${COMPLETION-CANDIDATES} (default: both).")
    Law law;

    @Option(names = "--fit", paramLabel = "FILE",
            description = "Fit L(N, D) to runs in a JSONL file of {\"params\", \"tokens\", \"loss\"} lines and answer for each run.")
    Path fitFile;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if ((params == null) != (tokens == null)) {
            throw new IllegalArgumentException("give --params and --tokens together");
        }
        if (params != null) {
            requirePositive("--params", params);
            requirePositive("--tokens", tokens);
        }
        if (fitFile == null && params == null) {
            throw new IllegalArgumentException("give --params N --tokens D (a published law), or --fit FILE (a law fitted to your runs)");
        }
        if (fitFile != null && law != null) {
            throw new IllegalArgumentException("--law picks a published law; with --fit the fitted law answers");
        }
        return fitFile != null ? fitted() : published();
    }

    private int published() {
        List<ChinchillaLaw> laws = switch (law == null ? Law.both : law) {
            case hoffmann -> List.of(ChinchillaLaw.HOFFMANN_2022);
            case besiroglu -> List.of(ChinchillaLaw.BESIROGLU_2024);
            case both -> List.of(ChinchillaLaw.HOFFMANN_2022, ChinchillaLaw.BESIROGLU_2024);
        };
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("params", params).put("tokens", tokens);
            ArrayNode rows = object.putArray("laws");
            for (ChinchillaLaw l : laws) {
                ObjectNode row = lawJson(rows.addObject(), l);
                answerJson(row, l, params, tokens);
            }
            out.println(object);
        } else {
            out.printf("N = %s parameters, D = %s tokens%n", format(params), format(tokens));
            for (ChinchillaLaw l : laws) {
                out.printf("%-15s %s%n", l.name(), answerText(l, params, tokens));
                out.printf("%-15s %s%n", "", optimumText(l, params, tokens));
            }
        }
        return ExitCode.OK.code;
    }

    private int fitted() {
        List<ScalingLawFit.Observation> runs = read(fitFile);
        FittedLaw fit = ScalingLawFit.fit(runs);
        ChinchillaLaw l = ChinchillaLaw.of("fit", fit);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("file", fitFile.toString());
            lawJson(object.putObject("fit"), l).put("points", fit.points()).put("rmse", fit.rmse());
            ArrayNode rows = object.putArray("runs");
            for (ScalingLawFit.Observation run : runs) {
                answerJson(rows.addObject().put("observed_loss", run.loss()), l, run.parameters(), run.tokens());
            }
            if (params != null) {
                answerJson(object.putObject("asked"), l, params, tokens);
            }
            out.println(object);
        } else {
            out.printf("fit to %d runs in %s: L = %.4f + %.4g/N^%.4f + %.4g/D^%.4f (rmse %.4g)%n", fit.points(), fitFile, fit.e(), fit.a(),
                    fit.alpha(), fit.b(), fit.beta(), fit.rmse());
            for (ScalingLawFit.Observation run : runs) {
                out.printf("N %-9s D %-9s observed %.4f, fitted %s%n", format(run.parameters()), format(run.tokens()), run.loss(),
                        answerText(l, run.parameters(), run.tokens()));
            }
            if (params != null) {
                out.printf("N %-9s D %-9s %s%n", format(params), format(tokens), answerText(l, params, tokens));
                out.printf("  %s%n", optimumText(l, params, tokens));
            }
        }
        return ExitCode.OK.code;
    }

    private static ObjectNode lawJson(ObjectNode node, ChinchillaLaw l) {
        return node.put("law", l.name()).put("e", l.e()).put("a", l.a()).put("alpha", l.alpha()).put("b", l.b()).put("beta", l.beta());
    }

    /** The answer for (N, D): the loss, the infinite model's tokens and their ratio, and the compute-optimal split at 6ND. */
    private static ObjectNode answerJson(ObjectNode node, ChinchillaLaw l, double n, double d) {
        node.put("params", n).put("tokens", d).put("loss", l.loss(n, d)).put("tokens_for_infinite_model", l.tokensForInfiniteModel(n, d))
                .put("ratio", l.infiniteModelTokenRatio(n, d));
        ChinchillaLaw.ComputeOptimal optimum = l.computeOptimal(6 * n * d);
        node.putObject("compute_optimal").put("flops", optimum.flops()).put("params", optimum.parameters()).put("tokens", optimum.tokens())
                .put("loss", optimum.loss());
        return node;
    }

    private static String answerText(ChinchillaLaw l, double n, double d) {
        return String.format(Locale.ROOT, "loss %.4f; an infinite model reaches it with %s tokens (%.3f of D)", l.loss(n, d),
                format(l.tokensForInfiniteModel(n, d)), l.infiniteModelTokenRatio(n, d));
    }

    private static String optimumText(ChinchillaLaw l, double n, double d) {
        ChinchillaLaw.ComputeOptimal optimum = l.computeOptimal(6 * n * d);
        return String.format(Locale.ROOT, "the same compute (6ND = %s FLOPs) is best spent on N %s, D %s: loss %.4f", format(optimum.flops()),
                format(optimum.parameters()), format(optimum.tokens()), optimum.loss());
    }

    /** Three significant digits in scientific notation, the way sizes are spoken of (3.00e6). */
    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2e", value).replace("e+0", "e").replace("e+", "e");
    }

    static List<ScalingLawFit.Observation> read(Path file) {
        List<ScalingLawFit.Observation> runs = new ArrayList<>();
        JsonLines.read(file, (object, line) -> {
            String where = file + ":" + line;
            JsonLines.requireKnownFields(object, FIELDS, where, "a run has params, tokens and loss");
            runs.add(new ScalingLawFit.Observation(number(object, "params", where), number(object, "tokens", where), number(object, "loss", where)));
        });
        if (runs.isEmpty()) {
            throw new InputException(file + ": no runs (expected JSON lines {\"params\": N, \"tokens\": D, \"loss\": L})");
        }
        return runs;
    }

    private static double number(ObjectNode object, String field, String where) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw new InputException(where + ": field '" + field + "' is missing");
        }
        if (!node.isNumber() || !(node.asDouble() > 0) || !Double.isFinite(node.asDouble())) {
            String shown = node.toString().length() > 40 ? node.toString().substring(0, 37) + "..." : node.toString();
            throw new InputException(where + ": field '" + field + "': expected a number > 0, got " + shown);
        }
        return node.asDouble();
    }

    private static void requirePositive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a number > 0, got " + value);
        }
    }
}
