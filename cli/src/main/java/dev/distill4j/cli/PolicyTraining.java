package dev.distill4j.cli;

import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.score.EchoScorer;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.core.TrainingRound;
import dev.distill4j.core.config.TrainingMode;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.model.tokenizer.Tokenizer;
import dev.distill4j.model.tokenizer.TokenizerConfig;
import dev.distill4j.train.PolicyRounds;
import dev.distill4j.train.RejectionSampling;
import dev.distill4j.train.SftSettings;
import dev.distill4j.train.TeacherScorer;
import dev.distill4j.train.TrainedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./distill train --mode onpolicy|grpo|rft}: the modes in which a model that already answers some prompts
 * learns from its own samples, round by round, from flags or from a pipeline config. Writes the trained model as a
 * checkpoint folder whose README lists the rounds, logs each round to the run store when there is one, and resumes
 * after a kill from the state kept beside the output folder ({@code <out>.training}).
 */
final class PolicyTraining {
    /** Where on-policy distillation's teacher scores: a local checkpoint or an OpenAI-compatible endpoint. */
    record Teacher(Path local, TeacherEndpoint endpoint) {
        String describe() {
            return local != null ? local.toString() : endpoint.name() + " (" + endpoint.model() + ")";
        }
    }

    /**
     * @param runDir    the run whose store logs the rounds, or null
     * @param groupSize answers per prompt (grpo's G; rft's samples per prompt)
     */
    record Request(TrainingMode mode, List<Task> prompts, Path init, Path out, int rounds, int promptsPerRound, int groupSize, int stepsPerRound,
            double temperature, int maxTokens, double beta, double epsilonLow, double epsilonHigh, boolean scaleByStd, SftSettings training,
            long seed, Teacher teacher, Path runDir, Provenance provenance, boolean bf16, String command) {}

    private PolicyTraining() {}

    static void run(Request request, PrintWriter out, PrintWriter err) {
        if (request.prompts().isEmpty()) {
            throw new IllegalArgumentException("no training prompts: the task source has no train split");
        }
        Path state = request.out().resolveSibling(request.out().getFileName() + ".training");
        String modeName = request.mode().wireName();
        String model = request.out().getFileName().toString();
        StringBuilder readme = new StringBuilder("# " + model + "\n\n" + request.init().getFileName() + ", trained by distill4j's " + description(request)
                + "\n\n## Reproduce\n```\n" + request.command() + "\n```\n\n## Rounds\n");
        err.printf("%s: %d rounds on %d training prompts, from %s -> %s%n", modeName, request.rounds(), request.prompts().size(), request.init(),
                request.out());
        try (LocalModel student = LocalModel.load(request.init());
                RoundLog log = new RoundLog(request.runDir(), request.provenance())) {
            boolean signal;
            if (request.mode() == TrainingMode.RFT) {
                RejectionSampling.Settings settings = new RejectionSampling.Settings(request.rounds(), request.groupSize(), request.temperature(),
                        request.maxTokens(), request.training());
                List<RejectionSampling.Round> rounds = RejectionSampling.run(student.decoder(), student.tokenizer(), student.template(),
                        request.prompts(), Verifiers.discover(), settings, request.seed(), state, fingerprint(request), round -> {
                            String line = String.format(Locale.ROOT, "round %d: %d answers, %d right (%.1f%%), %s", round.round(), round.sampled(),
                                    round.passed(), 100 * round.passRate(), round.noSignal() ? "no signal: nothing passed, nothing to train on"
                                            : round.kept() + " distinct kept, final loss " + String.format(Locale.ROOT, "%.4f", round.training().finalLoss()));
                            out.println(line);
                            log.add(new TrainingRound(TrainingRound.key(model, modeName, round.round()), model, modeName, round.round(), round.sampled(),
                                    round.passRate(), round.passRate(), 0, null, 0, round.kept(),
                                    round.training() == null ? 0 : round.training().tokensSeen(), 0,
                                    round.training() == null ? null : round.training().finalLoss(),
                                    round.noSignal() ? "no signal: no answer passed" : null));
                        });
                rounds.forEach(round -> readme.append(String.format(Locale.ROOT, "- round %d: %d answers, %.1f%% right, %d kept%n", round.round(),
                        round.sampled(), 100 * round.passRate(), round.kept())));
                signal = rounds.stream().anyMatch(r -> !r.noSignal());
            } else {
                signal = policyRounds(request, student, state, log, readme, out, err);
            }
            writeModel(request, student, readme.toString());
            deleteState(state);
            out.printf("wrote %s after %d round(s)%s%n", request.out(), request.rounds(), signal ? ""
                    : "; no round had signal, so the weights are unchanged");
        }
    }

    private static boolean policyRounds(Request request, LocalModel student, Path state, RoundLog log, StringBuilder readme, PrintWriter out,
            PrintWriter err) {
        PolicyRounds.Mode mode = request.mode() == TrainingMode.GRPO ? PolicyRounds.Mode.GRPO : PolicyRounds.Mode.ONPOLICY;
        PolicyRounds.Settings settings = new PolicyRounds.Settings(mode, request.rounds(), request.promptsPerRound(), request.groupSize(),
                request.stepsPerRound(), request.temperature(), request.maxTokens(), request.epsilonLow(), request.epsilonHigh(), request.beta(),
                request.scaleByStd(), request.training());
        String model = request.out().getFileName().toString();
        ProgressLine progress = new ProgressLine(err, false);
        // GRPO measures its drift from the starting model (and penalises it with beta > 0): a frozen copy of it.
        try (LocalModel reference = mode == PolicyRounds.Mode.GRPO ? LocalModel.load(request.init()) : null;
                LocalModel localTeacher = request.teacher() != null && request.teacher().local() != null ? LocalModel.load(request.teacher().local()) : null;
                EchoScorer echo = request.teacher() != null && request.teacher().endpoint() != null ? EchoScorer.of(request.teacher().endpoint()) : null) {
            TeacherScorer teacher = localTeacher != null ? TeacherScorer.local(localTeacher.decoder(), 32)
                    : echo != null ? new EndpointTeacherScorer(echo, student.tokenizer(), student.template()) : null;
            if (mode == PolicyRounds.Mode.ONPOLICY && teacher == null) {
                throw new IllegalArgumentException("--mode onpolicy needs a teacher to score the student's answers: --teacher DIR, or --teacher-url"
                        + " and --teacher-model (with --config: the teacher's first endpoint)");
            }
            PolicyRounds.Result result = PolicyRounds.run(student.decoder(), reference == null ? null : reference.decoder(), student.tokenizer(),
                    student.template(), request.prompts(), Verifiers.discover(), teacher, settings, request.seed(), state, fingerprint(request),
                    new PolicyRounds.Listener() {
                        @Override
                        public void onRound(PolicyRounds.Round round) {
                            String line = describe(round);
                            progress.update(round.round(), request.rounds(), line);
                            if (round.noSignal() != null) {
                                err.printf("%nround %d: %s%n", round.round(), round.noSignal());
                            }
                            log.add(record(model, mode.wireName(), round));
                        }

                        @Override
                        public void onResume(int completedRounds) {
                            progress.resumedAt(completedRounds);
                            err.printf("resuming after round %d%n", completedRounds);
                        }
                    });
            err.println();
            result.rounds().forEach(round -> readme.append("- round ").append(round.round()).append(": ").append(describe(round)).append('\n'));
            PolicyRounds.Round last = result.rounds().get(result.rounds().size() - 1);
            out.printf(Locale.ROOT, "%d rounds: %,d answers sampled, %,d teacher queries, %,d training tokens; last round: %s%n", result.rounds().size(),
                    result.samples(), result.teacherQueries(), result.trainingTokens(), describe(last));
            if (!result.anySignal()) {
                out.println("no signal in any round: " + last.noSignal());
            }
            return result.anySignal();
        }
    }

    static String describe(PolicyRounds.Round round) {
        String kl = Double.isNaN(round.kl()) ? "-" : String.format(Locale.ROOT, "%.4f", round.kl());
        String extra = round.zeroVarianceGroups() > 0 ? String.format(Locale.ROOT, " | %d equal groups skipped", round.zeroVarianceGroups())
                : round.unalignedTokens() > 0 ? String.format(Locale.ROOT, " | %d unaligned tokens", round.unalignedTokens()) : "";
        return String.format(Locale.ROOT, "reward %.3f | pass %.1f%% | length %.1f | kl %s | loss %s%s", round.meanReward(), 100 * round.passRate(),
                round.meanLength(), kl, Double.isNaN(round.loss()) ? "-" : String.format(Locale.ROOT, "%.4f", round.loss()), extra);
    }

    static TrainingRound record(String model, String mode, PolicyRounds.Round round) {
        return new TrainingRound(TrainingRound.key(model, mode, round.round()), model, mode, round.round(), round.samples(), round.meanReward(),
                round.passRate(), round.meanLength(), Double.isNaN(round.kl()) ? null : round.kl(), round.zeroVarianceGroups(), round.trainedSequences(),
                round.trainingTokens(), round.teacherQueries(), Double.isNaN(round.loss()) ? null : round.loss(), round.noSignal());
    }

    private static String description(Request request) {
        return switch (request.mode()) {
            case GRPO -> "GRPO: each round it answered training prompts " + request.groupSize() + " times, the tasks' verifiers scored the answers,"
                    + " and it learned from each answer's reward relative to its group's.";
            case ONPOLICY -> "on-policy distillation: each round it answered training prompts and the teacher (" + request.teacher().describe()
                    + ") scored every token of its answers; it learned from the per-token reverse KL.";
            default -> "rejection sampling: each round it answered the training prompts, the tasks' verifiers kept the right answers, and it was"
                    + " fine-tuned on them.";
        };
    }

    /** Identifies the job, so that a state saved by another is refused rather than resumed. */
    private static String fingerprint(Request request) {
        StringBuilder text = new StringBuilder(request.mode() + "|" + request.init().toAbsolutePath().normalize() + "|" + request.rounds() + "|"
                + request.promptsPerRound() + "|" + request.groupSize() + "|" + request.stepsPerRound() + "|" + request.temperature() + "|"
                + request.maxTokens() + "|" + request.beta() + "|" + request.epsilonLow() + "|" + request.epsilonHigh() + "|" + request.scaleByStd()
                + "|" + request.training() + "|" + request.seed() + "|" + (request.teacher() == null ? "" : request.teacher().describe()));
        request.prompts().forEach(task -> text.append('|').append(task.id()));
        return Integer.toHexString(text.toString().hashCode()) + "-" + text.length();
    }

    private static void writeModel(Request request, LocalModel student, String readme) {
        try {
            Path tokenizerConfig = request.init().resolve(TokenizerConfig.FILE_NAME);
            TrainedCheckpoint.write(request.out(), student.decoder(), Files.readString(request.init().resolve(Tokenizer.FILE_NAME)),
                    Files.isRegularFile(tokenizerConfig) ? Files.readString(tokenizerConfig) : "{}", readme, request.provenance(),
                    request.bf16() ? DType.BF16 : DType.F32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer of " + request.init() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteState(Path state) {
        if (!Files.exists(state)) {
            return;
        }
        try (var walk = Files.walk(state)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(paths);
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the training state " + state + ": " + e.getMessage(), e);
        }
    }

    /** The run store's {@code train_rounds} table, when the training belongs to a run; a no-op otherwise. */
    private static final class RoundLog implements AutoCloseable {
        private final RunStore store;

        RoundLog(Path runDir, Provenance provenance) {
            this.store = runDir == null ? null : RunStore.open(runDir, provenance);
        }

        void add(TrainingRound round) {
            if (store != null) {
                store.trainRounds().put(round);
            }
        }

        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }
}
