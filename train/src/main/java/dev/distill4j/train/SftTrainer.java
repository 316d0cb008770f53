package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.distill4j.model.Scalars;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: next-token cross-entropy on the tokens each example marks (the completion),
 * AdamW, linear warm-up then cosine decay, global gradient-norm clipping, gradient accumulation, length-bucketed
 * batches, held-out evaluation every K steps, and checkpoints to resume from.
 *
 * <p>Determinism: the batch of every step is a pure function of (seed, step) (see {@link LengthBuckets}), so a
 * run resumed from a checkpoint at step s replays steps s+1.. exactly as the uninterrupted run would.
 */
public final class SftTrainer {
    /** What a step reports to whoever watches (a progress bar, a log, a test). */
    public record StepReport(long step, long totalSteps, double loss, double learningRate, double gradNorm, long tokens,
            double tokensPerSecond, double elapsedSeconds) {}

    /** Receives progress; every method has a no-op default. */
    public interface Listener {
        default void onStep(StepReport report) {}

        default void onEval(long step, double heldOutLoss) {}

        default void onResume(long fromStep) {}

        /**
         * A step whose gradient norm was not finite: its update was skipped, the weights are as they were.
         *
         * @param nonFinite the parameters whose gradient holds inf or NaN, in model order
         */
        default void onSkippedStep(long step, double gradNorm, List<String> nonFinite) {}
    }

    /** The losses of every step (1-based index i at position i-1) and the held-out evaluations. */
    public record Result(double[] losses, List<double[]> evaluations, long resumedFrom, long tokensSeen, int skippedSteps) {
        public double finalLoss() {
            return losses.length == 0 ? Double.NaN : losses[losses.length - 1];
        }
    }

    /** Consecutive steps with a non-finite gradient after which training stops as diverged. */
    static final int MAX_CONSECUTIVE_SKIPS = 10;

    private final SftSettings settings;
    private final Objective objective;

    /** Supervised fine-tuning. */
    public SftTrainer(SftSettings settings) {
        this(settings, Objective.SFT);
    }

    /** The same loop minimising another objective (distillation, on-policy distillation, a policy gradient). */
    public SftTrainer(SftSettings settings, Objective objective) {
        this.settings = settings;
        this.objective = objective;
    }

    /** Steps of a full run over {@code trainingExamples} with these settings. */
    public long totalSteps(int trainingExamples) {
        int batchesPerEpoch = (trainingExamples + settings.batchSize() - 1) / settings.batchSize();
        long fromEpochs = ((long) batchesPerEpoch * settings.epochs() + settings.gradAccum() - 1) / settings.gradAccum();
        return settings.maxSteps() != null ? settings.maxSteps() : fromEpochs;
    }

    public Result train(Decoder decoder, List<SftExample> train, List<SftExample> heldOut, TrainingCheckpoints checkpoints, Listener listener) {
        try (AdamW optimizer = AdamW.standard(settings.weightDecay(), decoder.weights().manager())) {
            return train(decoder, train, heldOut, checkpoints, listener, optimizer);
        }
    }

    /**
     * The same, continuing an optimizer the caller owns and closes: the rounds of the policy modes keep Adam's
     * moments from one round's few steps to the next, as one long run would, instead of restarting them cold.
     */
    public Result train(Decoder decoder, List<SftExample> train, List<SftExample> heldOut, TrainingCheckpoints checkpoints, Listener listener,
            AdamW optimizer) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        DecoderWeights weights = decoder.weights();
        Map<String, NDArray> parameters = weights.all();
        LengthBuckets buckets = new LengthBuckets(train, settings.batchSize());
        long totalSteps = totalSteps(train.size());
        LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate(), Math.round(settings.warmupRatio() * totalSteps),
                totalSteps, settings.minLearningRateRatio());
        weights.requireGradients();
        // PyTorch's grad mode is per thread and on in a fresh one; DJL turns it off only on the thread that loaded the
        // engine. Off here, so that the optimizer's in-place updates of the weights work from any thread (the study
        // trains students on worker threads); ThreadGradients turns it on around each forward and backward pass.
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        double[] losses = new double[(int) totalSteps];
        long start = 1;
        var saved = checkpoints.latest();
        if (saved.isPresent()) {
            restore(weights, optimizer, saved.get());
            System.arraycopy(saved.get().losses(), 0, losses, 0, (int) saved.get().step());
            start = saved.get().step() + 1;
            listener.onResume(saved.get().step());
        }
        List<double[]> evaluations = new ArrayList<>();
        long tokensSeen = 0;
        int skipped = 0;
        int consecutiveSkips = 0;
        long began = System.nanoTime();
        List<List<Integer>> epochOrder = null;
        int epochOfOrder = -1;
        for (long step = start; step <= totalSteps; step++) {
            // The micro-batches of this step, drawn from the epoch orders: a function of (seed, step) only.
            List<List<SftExample>> microBatches = new ArrayList<>();
            long lossTokens = 0;
            for (int j = 0; j < settings.gradAccum(); j++) {
                long global = (step - 1) * settings.gradAccum() + j;
                int epoch = (int) (global / buckets.size());
                if (epoch != epochOfOrder) {
                    epochOrder = buckets.epoch(settings.seed(), epoch);
                    epochOfOrder = epoch;
                }
                List<SftExample> batch = epochOrder.get((int) (global % buckets.size())).stream().map(train::get).toList();
                microBatches.add(batch);
                lossTokens += batch.stream().mapToLong(SftExample::lossTokens).sum();
            }
            double loss = 0;
            long stepTokens = 0;
            for (List<SftExample> batch : microBatches) {
                for (List<SftExample> chunk : forwardChunks(batch, settings.microBatchTokens())) {
                    try (NDScope scope = new NDScope();
                            NDManager batchManager = weights.manager().newSubManager();
                            ThreadGradients gradients = ThreadGradients.open()) {
                        TokenBatch tensors = TokenBatch.of(chunk, batchManager, parameters.values().iterator().next().getDataType());
                        NDArray chunkLoss = Scalars.div(objective.summedLoss(decoder, tensors, chunk, batchManager), lossTokens);
                        gradients.backward(chunkLoss);
                        loss += chunkLoss.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                        stepTokens += tensors.tokens();
                    }
                }
            }
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged at step " + step + " (loss " + loss
                        + "); lower the learning rate (now " + settings.learningRate() + ")");
            }
            double gradNorm = clipGradients(parameters, settings.maxGradNorm());
            double lr = schedule.at(step);
            if (Double.isFinite(gradNorm)) {
                optimizer.step(parameters, lr);
                consecutiveSkips = 0;
            } else {
                // An overflowing gradient would turn the weights to NaN (clipping multiplies inf by 0); skip
                // the update, as mixed-precision trainers do, and stop only if it keeps happening.
                List<String> nonFinite = nonFiniteGradients(parameters);
                zeroGradients(parameters);
                skipped++;
                listener.onSkippedStep(step, gradNorm, nonFinite);
                if (++consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
                    throw new IllegalStateException("the gradient norm was not finite " + consecutiveSkips + " steps in a row (last at step "
                            + step + "); lower the learning rate (now " + settings.learningRate() + ")");
                }
            }
            losses[(int) step - 1] = loss;
            tokensSeen += stepTokens;
            double elapsed = (System.nanoTime() - began) / 1e9;
            listener.onStep(new StepReport(step, totalSteps, loss, lr, gradNorm, tokensSeen, tokensSeen / Math.max(elapsed, 1e-9), elapsed));
            boolean last = step == totalSteps;
            if (!heldOut.isEmpty() && ((settings.evalEvery() > 0 && step % settings.evalEvery() == 0) || last)) {
                double heldOutLoss = evaluate(decoder, heldOut, settings.batchSize());
                evaluations.add(new double[] {step, heldOutLoss});
                listener.onEval(step, heldOutLoss);
            }
            if ((settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0) || last) {
                checkpoints.save(step, weights, optimizer, Arrays.copyOf(losses, (int) step));
            }
        }
        return new Result(losses, evaluations, start - 1, tokensSeen, skipped);
    }

    /**
     * Splits a batch into runs of consecutive examples whose padded size (rows x longest) stays within
     * {@code maxTokens}; a single longer example is a run of its own. The loss is normalised by the whole step's
     * tokens, so the summed gradient is the same as one pass over the batch.
     */
    static List<List<SftExample>> forwardChunks(List<SftExample> batch, int maxTokens) {
        List<List<SftExample>> chunks = new ArrayList<>();
        List<SftExample> current = new ArrayList<>();
        int longest = 0;
        for (SftExample example : batch) {
            int newLongest = Math.max(longest, example.length());
            if (!current.isEmpty() && (long) newLongest * (current.size() + 1) > maxTokens) {
                chunks.add(current);
                current = new ArrayList<>();
                newLongest = example.length();
            }
            current.add(example);
            longest = newLongest;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Mean next-token loss over the marked tokens of held-out examples (no gradients recorded). */
    public static double evaluate(Decoder decoder, List<SftExample> examples, int batchSize) {
        LengthBuckets buckets = new LengthBuckets(examples, batchSize);
        double total = 0;
        long tokens = 0;
        for (List<Integer> indices : buckets.epoch(0, 0)) {
            List<SftExample> batch = indices.stream().map(examples::get).toList();
            try (NDScope scope = new NDScope(); NDManager manager = decoder.weights().manager().newSubManager()) {
                TokenBatch tensors = TokenBatch.of(batch, manager, decoder.weights().get("model.embed_tokens.weight").getDataType());
                total += SftLoss.summedNll(decoder, tensors).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                tokens += tensors.lossTokens();
            }
        }
        return total / Math.max(1, tokens);
    }

    /** Scales every gradient so their global L2 norm is at most {@code maxNorm}; returns the norm before clipping. */
    static double clipGradients(Map<String, NDArray> parameters, double maxNorm) {
        double squared = 0;
        try (NDScope scope = new NDScope()) {
            for (NDArray parameter : parameters.values()) {
                squared += parameter.getGradient().square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
        }
        double norm = Math.sqrt(squared);
        if (Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (NDArray parameter : parameters.values()) {
                parameter.getGradient().muli(scale);
            }
        }
        return norm;
    }

    /** The parameters whose gradient holds inf or NaN: where a non-finite step came from. */
    static List<String> nonFiniteGradients(Map<String, NDArray> parameters) {
        List<String> names = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            parameters.forEach((name, parameter) -> {
                NDArray gradient = parameter.getGradient();
                if (!Double.isFinite(gradient.sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble())
                        || gradient.isNaN().any().getBoolean()) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    /** Sets every gradient to exactly zero, even one holding inf or NaN (inf × 0 is NaN, so those are overwritten). */
    static void zeroGradients(Map<String, NDArray> parameters) {
        for (NDArray parameter : parameters.values()) {
            try (NDScope scope = new NDScope()) {
                NDArray gradient = parameter.getGradient();
                gradient.muli(0);
                gradient.set(gradient.isNaN(), 0);
            }
        }
    }

    static void restore(DecoderWeights weights, AdamW optimizer, TrainingCheckpoints.Saved saved) {
        for (Map.Entry<String, NDArray> entry : weights.all().entrySet()) {
            float[] values = saved.weights().get(entry.getKey());
            if (values == null) {
                throw new IllegalArgumentException("checkpoint has no weight " + entry.getKey());
            }
            NDArray parameter = entry.getValue();
            if (parameter.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
                parameter.set(values);
            } else {
                double[] widened = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    widened[i] = values[i];
                }
                parameter.set(widened);
            }
        }
        optimizer.restore(saved.optimizer(), weights.all(), saved.optimizerSteps());
    }
}
