package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.eval.fit.ChinchillaLaw;
import dev.distill4j.eval.fit.ScalingLawFit;
import dev.distill4j.eval.report.StudyReport.FittedLaw;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./distill scaling}: the published laws at one (N, D), and a law fitted to a file of runs. */
class ScalingCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_answer_for_both_published_laws() throws Exception {
        CliRun run = CliRun.of("scaling", "--params", "3e6", "--tokens", "2e7", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode laws = Json.MAPPER.readTree(run.out()).path("laws");
        assertThat(laws).hasSize(2);
        // Hand-computed in ChinchillaLawTest: Hoffmann's loss 7.949954, D' = 3,084,039 (0.154202 of D).
        JsonNode hoffmann = laws.get(0);
        assertThat(hoffmann.path("law").asText()).isEqualTo("hoffmann-2022");
        assertThat(hoffmann.path("loss").asDouble()).isCloseTo(7.949954, within(1e-6));
        assertThat(hoffmann.path("tokens_for_infinite_model").asDouble()).isCloseTo(3_084_039.0, within(1.0));
        assertThat(hoffmann.path("ratio").asDouble()).isCloseTo(0.154202, within(1e-6));
        assertThat(hoffmann.at("/compute_optimal/flops").asDouble()).isEqualTo(6 * 3e6 * 2e7);
        assertThat(hoffmann.at("/compute_optimal/params").asDouble())
                .isEqualTo(ChinchillaLaw.HOFFMANN_2022.computeOptimal(3.6e14).parameters());
        JsonNode besiroglu = laws.get(1);
        assertThat(besiroglu.path("law").asText()).isEqualTo("besiroglu-2024");
        assertThat(besiroglu.path("e").asDouble()).isEqualTo(1.8172);
        assertThat(besiroglu.path("ratio").asDouble()).isCloseTo(0.274286, within(1e-6));

        CliRun text = CliRun.of("scaling", "--params", "3e6", "--tokens", "2e7", "--law", "hoffmann");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("N = 3.00e6 parameters, D = 2.00e7 tokens")
                .contains("hoffmann-2022   loss 7.9500; an infinite model reaches it with 3.08e6 tokens (0.154 of D)")
                .doesNotContain("besiroglu");
    }

    @Test
    void should_fit_a_law_to_a_file_of_runs_and_answer_for_each() throws Exception {
        // Noiseless runs of L = 1.2 + 30/N^0.4 + 50/D^0.35 over 3 model sizes x 4 data sizes.
        ChinchillaLaw truth = new ChinchillaLaw("truth", 1.2, 30, 0.4, 50, 0.35);
        List<String> lines = new ArrayList<>();
        List<ScalingLawFit.Observation> runs = new ArrayList<>();
        for (double n : new double[] {1e5, 3e5, 1e6}) {
            for (double d : new double[] {1e5, 3e5, 1e6, 3e6}) {
                lines.add("{\"params\": " + n + ", \"tokens\": " + d + ", \"loss\": " + truth.loss(n, d) + "}");
                runs.add(new ScalingLawFit.Observation(n, d, truth.loss(n, d)));
            }
        }
        Path file = dir.resolve("runs.jsonl");
        Files.write(file, lines);

        CliRun run = CliRun.of("scaling", "--fit", file.toString(), "--params", "3e6", "--tokens", "1e7", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        FittedLaw library = ScalingLawFit.fit(runs);
        assertThat(result.at("/fit/alpha").asDouble()).isEqualTo(library.alpha()).isCloseTo(0.4, within(1e-4));
        assertThat(result.at("/fit/e").asDouble()).isCloseTo(1.2, within(1e-4));
        assertThat(result.at("/fit/points").asInt()).isEqualTo(12);
        assertThat(result.path("runs")).hasSize(12);
        JsonNode first = result.path("runs").get(0);
        assertThat(first.path("observed_loss").asDouble()).isEqualTo(truth.loss(1e5, 1e5));
        assertThat(first.path("loss").asDouble()).isCloseTo(truth.loss(1e5, 1e5), within(1e-6));
        assertThat(first.path("tokens_for_infinite_model").asDouble()).isCloseTo(truth.tokensForInfiniteModel(1e5, 1e5), within(1.0));
        // The unseen point: 1.2 + 30 / 3e6^0.4 + 50 / 1e7^0.35 = 1.454368
        assertThat(result.at("/asked/loss").asDouble()).isCloseTo(1.454368, within(1e-5));

        CliRun text = CliRun.of("scaling", "--fit", file.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("fit to 12 runs in " + file).contains("N 1.00e5    D 1.00e5    observed 2.3891, fitted loss 2.3891; an infinite model reaches it with 4.36e4 tokens");
    }

    @Test
    void should_name_the_file_line_and_field_of_bad_input() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, List.of("{\"params\": 1e5, \"tokens\": 1e5, \"loss\": 2.4}", "{\"params\": 1e5, \"tokens\": \"many\", \"loss\": 2.4}"));
        CliRun badField = CliRun.of("scaling", "--fit", file.toString());
        assertThat(badField.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(badField.err()).contains(file + ":2: field 'tokens': expected a number > 0, got \"many\"");

        Files.write(file, List.of("{\"params\": 1e5, \"token\": 1e5, \"loss\": 2.4}"));
        CliRun typo = CliRun.of("scaling", "--fit", file.toString());
        assertThat(typo.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(typo.err()).contains(file + ":1: unknown field 'token' (did you mean 'tokens'?)");

        Files.write(file, List.of("{\"params\": 1e5, \"tokens\": 1e5, \"loss\": 2.4}", "{\"params\": 1e5, \"tokens\": 3e5}"));
        assertThat(CliRun.of("scaling", "--fit", file.toString()).err()).contains(file + ":2: field 'loss' is missing");

        Files.write(file, List.of("{\"params\": 1e5, \"tokens\": 1e5, \"loss\": 2.4}", "{\"params\": 3e5, \"tokens\": 3e5, \"loss\": 2.1}"));
        CliRun tooFew = CliRun.of("scaling", "--fit", file.toString());
        assertThat(tooFew.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(tooFew.err()).contains(">= 3 distinct model sizes (N)").contains("got 2 model sizes");

        CliRun noQuestion = CliRun.of("scaling");
        assertThat(noQuestion.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(noQuestion.err()).contains("--params N --tokens D").contains("--fit FILE");
        assertThat(CliRun.of("scaling", "--params", "3e6").err()).contains("give --params and --tokens together");
        assertThat(CliRun.of("scaling", "--params", "-1", "--tokens", "2e7").err()).contains("--params must be a number > 0");
        assertThat(CliRun.of("scaling", "--params", "3e6", "--tokens", "2e7", "--law", "kaplan").exitCode()).isEqualTo(ExitCode.USAGE.code);
    }
}
