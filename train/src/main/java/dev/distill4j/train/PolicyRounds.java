package dev.distill4j.train;

import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.Tokenizer;
import dev.distill4j.train.objective.GroupAdvantages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The modes in which the student learns from its own samples, round by round: each round it answers a slice of the
 * training prompts, the answers get their signal, and it takes an optimizer step (or a few) through the shared loop
 * ({@link SftTrainer} with the mode's {@link Objective}).
 *
 * <ul>
 *   <li>{@link Mode#ONPOLICY on-policy distillation}: the teacher scores every sampled token and the student minimises
 *       the per-token reverse KL ({@link OnPolicyDistillationObjective}).
 *   <li>{@link Mode#GRPO GRPO}: {@code groupSize} answers per prompt, the verifiers' scores as rewards, advantages
 *       relative to the group, the clipped objective with an optional KL penalty to the frozen starting model
 *       ({@link GrpoObjective}). A group whose rewards are all equal carries no signal: it is skipped and counted. A
 *       round in which nothing passed says so instead of silently training on nothing.
 * </ul>
 *
 * <p>By default a round's answers make one optimizer step, as TRL's GRPO trainer does, so every step learns from the
 * current policy's own samples; with more steps per round the later ones are slightly off-policy, which the clipped
 * ratio (GRPO) bounds. Adam's moments carry over from round to round; the learning rate warms up over the first rounds
 * ({@link SftSettings#warmupRatio()} of them), then stays constant. After each round the weights, the optimizer and
 * the rounds' log are saved: a killed run resumes at the next round and replays it exactly (a round's prompts and
 * samples are a function of the seed and the round).
 */
public final class PolicyRounds {
    private PolicyRounds() {}

    public enum Mode {
        ONPOLICY, GRPO;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param promptsPerRound training prompts answered each round (taken in a seeded order, epoch after epoch)
     * @param groupSize       answers per prompt: GRPO's G; on-policy distillation usually needs 1
     * @param stepsPerRound   optimizer steps on each round's answers (the answers are split into as many batches)
     * @param beta            GRPO: weight of the KL penalty to the starting model (0: none, the KL is still logged)
     * @param scaleByStd      GRPO: divide advantages by the group's standard deviation, as the paper does
     * @param training        learning rate, its warm-up ratio (of the rounds), weight decay, clipping and micro-batch size;
     *                        batching and epochs are the rounds' own
     */
    public record Settings(Mode mode, int rounds, int promptsPerRound, int groupSize, int stepsPerRound, double temperature, int maxTokens,
            double epsilonLow, double epsilonHigh, double beta, boolean scaleByStd, SftSettings training) {
        public Settings {
            positive("rounds", rounds);
            positive("prompts_per_round", promptsPerRound);
            positive("group_size", groupSize);
            positive("steps_per_round", stepsPerRound);
            positive("max_tokens", maxTokens);
            if (!(temperature > 0 && temperature <= 2)) {
                throw new IllegalArgumentException("field 'temperature': expected a number in (0, 2], got " + temperature);
            }
            if (mode == Mode.GRPO && groupSize < 2) {
                throw new IllegalArgumentException("field 'group_size': GRPO compares answers within a group, so it needs at least 2, got " + groupSize);
            }
            if (!(beta >= 0)) {
                throw new IllegalArgumentException("field 'beta': expected a number >= 0, got " + beta);
            }
        }

        private static void positive(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("field '" + field + "': expected a number >= 1, got " + value);
            }
        }

        /** The objective the shared loop minimises in this mode. */
        Objective objective() {
            return mode == Mode.GRPO ? new GrpoObjective(epsilonLow, epsilonHigh, beta, temperature) : new OnPolicyDistillationObjective(temperature);
        }
    }

    /**
     * What one round did, as logged.
     *
     * @param samples            answers sampled
     * @param meanReward         mean verifier score of the answers
     * @param passRate           share of answers the verifier accepted
     * @param meanLength         mean answer length in tokens
     * @param kl                 GRPO: mean per-token KL of the sampling policy from the starting model (k3 estimator);
     *                           on-policy distillation: mean per-token reverse KL to the teacher
     * @param zeroVarianceGroups GRPO: groups whose rewards were all equal, skipped
     * @param unalignedTokens    on-policy distillation: sampled tokens the teacher's scores could not be aligned with
     * @param trainedSequences   answers the round's step(s) learned from
     * @param trainingTokens     tokens of those sequences (prompt included), as the trainer counts them
     * @param teacherQueries     requests to the teacher this round (scoring calls; 0 for GRPO)
     * @param loss               the round's training loss, NaN when it trained on nothing
     * @param noSignal           why the round trained on nothing, or null when it trained
     */
    public record Round(int round, int prompts, int samples, double meanReward, double passRate, double meanLength, double kl,
            int zeroVarianceGroups, int unalignedTokens, int trainedSequences, long trainingTokens, long teacherQueries, double loss, String noSignal,
            double seconds) {}

    /** Receives each round as it ends. */
    public interface Listener {
        default void onRound(Round round) {}

        default void onResume(int completedRounds) {}
    }

    /** Every round of the run, those done before a resume included. */
    public record Result(List<Round> rounds, int resumedAfter) {
        public long teacherQueries() {
            return rounds.stream().mapToLong(Round::teacherQueries).sum();
        }

        public long samples() {
            return rounds.stream().mapToLong(Round::samples).sum();
        }

        public long trainingTokens() {
            return rounds.stream().mapToLong(Round::trainingTokens).sum();
        }

        public boolean anySignal() {
            return rounds.stream().anyMatch(r -> r.noSignal() == null);
        }
    }

    /**
     * @param student    trained in place
     * @param reference  GRPO: the frozen starting model the KL is measured against (and penalised with beta &gt; 0); null
     *                   when there is none (then beta must be 0 and the KL is not logged)
     * @param teacher    on-policy distillation: the teacher's scores; null for GRPO
     * @param stateFolder where the state to resume from is kept, or null for a run that cannot resume
     * @param fingerprint identifies the job: a state saved by another job is refused
     */
    public static Result run(Decoder student, Decoder reference, Tokenizer tokenizer, ChatTemplate template, List<Task> prompts, Verifiers verifiers,
            TeacherScorer teacher, Settings settings, long seed, Path stateFolder, String fingerprint, Listener listener) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no training prompts");
        }
        if (settings.mode() == Mode.ONPOLICY && teacher == null) {
            throw new IllegalArgumentException("on-policy distillation needs a teacher to score the student's answers");
        }
        if (settings.beta() > 0 && reference == null) {
            throw new IllegalArgumentException("beta is " + settings.beta() + " but there is no reference model to penalise the KL against");
        }
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        LocalModel answering = LocalModel.of(student, tokenizer); // not closed: the weights are the caller's
        RoundState<Round> state = new RoundState<>(stateFolder, fingerprint, Round.class);
        try (AdamW optimizer = AdamW.standard(settings.training().weightDecay(), student.weights().manager())) {
            List<Round> rounds = state.resume(student.weights(), optimizer);
            if (!rounds.isEmpty()) {
                listener.onResume(rounds.size());
            }
            int resumedAfter = rounds.size();
            List<Task> order = new ArrayList<>(prompts);
            Collections.shuffle(order, new Random(seed));
            for (int round = rounds.size() + 1; round <= settings.rounds(); round++) {
                long began = System.nanoTime();
                List<Task> slice = slice(order, round, settings.promptsPerRound());
                List<Rollout> rollouts = StudentRollouts.sample(answering, template, slice, settings.groupSize(), settings.temperature(),
                        settings.maxTokens(), verifiers, seed * 7_919L + round);
                RoundData data = settings.mode() == Mode.GRPO ? grpo(rollouts, student, reference, settings)
                        : onPolicy(rollouts, student, teacher, settings);
                SftTrainer.Result trained = null;
                if (!data.examples().isEmpty()) {
                    int batch = (data.examples().size() + settings.stepsPerRound() - 1) / settings.stepsPerRound();
                    trained = new SftTrainer(roundSettings(settings, round, batch, seed + round), settings.objective()).train(student,
                            data.examples(), List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {}, optimizer);
                }
                double meanLength = rollouts.stream().mapToInt(Rollout::completionTokens).average().orElse(0);
                Round done = new Round(round, slice.size(), rollouts.size(), rollouts.stream().mapToDouble(Rollout::reward).average().orElse(0),
                        rollouts.stream().filter(Rollout::pass).count() / (double) rollouts.size(), meanLength, data.kl(), data.zeroVarianceGroups(),
                        data.unalignedTokens(), data.examples().size(), trained == null ? 0 : trained.tokensSeen(), data.teacherQueries(),
                        trained == null ? Double.NaN : mean(trained.losses()), data.noSignal(), (System.nanoTime() - began) / 1e9);
                rounds.add(done);
                state.save(rounds, student.weights(), optimizer);
                listener.onRound(done);
            }
            return new Result(rounds, resumedAfter);
        }
    }

    /** A round's training examples and what its log says about them. */
    private record RoundData(List<SftExample> examples, double kl, int zeroVarianceGroups, int unalignedTokens, long teacherQueries, String noSignal) {}

    private static RoundData grpo(List<Rollout> rollouts, Decoder student, Decoder reference, Settings settings) {
        double[] rewards = rollouts.stream().mapToDouble(Rollout::reward).toArray();
        GroupAdvantages groups = GroupAdvantages.of(rewards, settings.groupSize(), settings.scaleByStd());
        List<SftExample> sequences = rollouts.stream().map(r -> r.example(null, null)).toList();
        int batch = Math.max(1, settings.training().batchSize());
        List<float[]> old = SequenceLogprobs.of(student, sequences, batch, settings.temperature());
        List<float[]> referenceScores = reference == null ? null : SequenceLogprobs.of(reference, sequences, batch, settings.temperature());
        double kl = Double.NaN;
        if (referenceScores != null) {
            // k3 = exp(ref - policy) - (ref - policy) - 1 per sampled token, the estimator the loss penalises.
            double sum = 0;
            long tokens = 0;
            for (int i = 0; i < rollouts.size(); i++) {
                for (int t = rollouts.get(i).promptLength(); t < rollouts.get(i).tokens().length; t++) {
                    double toReference = referenceScores.get(i)[t] - old.get(i)[t];
                    sum += Math.exp(toReference) - toReference - 1;
                    tokens++;
                }
            }
            kl = sum / Math.max(1, tokens);
        }
        double[] advantages = groups.advantages();
        List<SftExample> examples = new ArrayList<>();
        for (int i = 0; i < rollouts.size(); i++) {
            int group = i / settings.groupSize();
            if (zeroVariance(rewards, group, settings.groupSize())) {
                continue;
            }
            examples.add(rollouts.get(i).example(TokenSignals.policy((float) advantages[i], old.get(i),
                    settings.beta() > 0 ? referenceScores.get(i) : null), null));
        }
        String noSignal = null;
        if (examples.isEmpty()) {
            noSignal = groups.meanReward() == 0
                    ? "no signal: no answer passed (pass rate 0), so there is no reward to learn from; start from a model that solves some of these tasks"
                    : "no signal: within every group the answers scored the same (" + groups.zeroVarianceGroups() + " of " + groups.groups()
                            + " groups), so no answer is better than its group";
        }
        return new RoundData(examples, kl, groups.zeroVarianceGroups(), 0, 0, noSignal);
    }

    private static boolean zeroVariance(double[] rewards, int group, int groupSize) {
        for (int i = group * groupSize + 1; i < (group + 1) * groupSize; i++) {
            if (rewards[i] != rewards[group * groupSize]) {
                return false;
            }
        }
        return true;
    }

    private static RoundData onPolicy(List<Rollout> rollouts, Decoder student, TeacherScorer teacher, Settings settings) {
        long queriesBefore = teacher.queries();
        List<float[]> teacherScores = teacher.score(rollouts);
        long queries = teacher.queries() - queriesBefore;
        List<SftExample> sequences = rollouts.stream().map(r -> r.example(null, null)).toList();
        List<float[]> studentScores = SequenceLogprobs.of(student, sequences, Math.max(1, settings.training().batchSize()), settings.temperature());
        List<SftExample> examples = new ArrayList<>();
        int unaligned = 0;
        double reverseKl = 0;
        long aligned = 0;
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout rollout = rollouts.get(i);
            float[] scores = teacherScores.get(i);
            boolean[] excluded = new boolean[rollout.tokens().length];
            int kept = 0;
            for (int t = rollout.promptLength(); t < excluded.length; t++) {
                if (Float.isFinite(scores[t])) {
                    reverseKl += studentScores.get(i)[t] - scores[t];
                    aligned++;
                    kept++;
                } else {
                    excluded[t] = true;
                    unaligned++;
                }
            }
            if (kept > 0) {
                examples.add(rollout.example(TokenSignals.teacherScores(scores), excluded));
            }
        }
        String noSignal = examples.isEmpty() ? "no signal: none of the teacher's scores could be aligned with the student's tokens" : null;
        return new RoundData(examples, aligned == 0 ? Double.NaN : reverseKl / aligned, 0, unaligned, queries, noSignal);
    }

    /** Round r's prompts: consecutive slices of one seeded order of all the prompts, wrapping around. */
    private static List<Task> slice(List<Task> order, int round, int count) {
        List<Task> slice = new ArrayList<>(count);
        long from = (long) (round - 1) * count;
        for (int i = 0; i < count; i++) {
            slice.add(order.get((int) ((from + i) % order.size())));
        }
        return slice;
    }

    /**
     * One epoch over the round's answers in batches of {@code batch}, at the round's learning rate: warmed up linearly
     * over the first {@code warmup_ratio} of the rounds, then constant. Without the warm-up Adam's first steps, from
     * empty moments, move every weight by the full learning rate in the sign of a noisy gradient, which can undo what the
     * model knew before the moments settle.
     */
    private static SftSettings roundSettings(Settings settings, int round, int batch, long seed) {
        SftSettings training = settings.training();
        long warmupRounds = Math.round(training.warmupRatio() * settings.rounds());
        double rate = training.learningRate() * (warmupRounds == 0 ? 1 : Math.min(1.0, (double) round / warmupRounds));
        return new SftSettings(batch, 1, rate, 0, 1, training.weightDecay(), training.maxGradNorm(), 1, null, 0, 0, training.microBatchTokens(), seed);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
