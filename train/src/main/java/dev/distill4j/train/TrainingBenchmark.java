package dev.distill4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures training speed on this machine: tokens per second of full SFT steps (forward, backward, AdamW),
 * the FLOP rate that implies, the machine's matmul peak measured in the same run, and their ratio (model FLOP
 * utilisation, MFU). FLOPs per token follow PaLM (Chowdhery et al. 2022, appendix B): 6N + 12·L·d·T.
 */
public final class TrainingBenchmark {
    /** The figures, as {@code ./distill bench train --json} prints them. */
    public record Figures(String model, long parameters, int batchSize, int sequenceLength, int steps, double tokensPerSecond,
            double achievedGflops, double peakGflops, double mfu, double secondsPerStep) {}

    private TrainingBenchmark() {}

    public static Figures run(ModelConfig config, int batchSize, int sequenceLength, int warmupSteps, int steps, long seed) {
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Decoder decoder = new Decoder(DecoderWeights.initialise(config, seed, manager, DataType.FLOAT32))) {
            SplittableRandom random = new SplittableRandom(seed);
            List<SftExample> data = new ArrayList<>();
            for (int i = 0; i < batchSize * (warmupSteps + steps); i++) {
                int[] tokens = new int[sequenceLength];
                boolean[] mask = new boolean[sequenceLength];
                for (int t = 0; t < sequenceLength; t++) {
                    tokens[t] = random.nextInt(config.vocabSize());
                    mask[t] = t > 0;
                }
                data.add(new SftExample(tokens, mask));
            }
            SftSettings settings = SftSettings.builder().batchSize(batchSize).maxSteps((long) warmupSteps + steps).evalEvery(0)
                    .checkpointEvery(0).warmupRatio(0).learningRate(1e-4).seed(seed).build();
            long[] startNanos = new long[1];
            long[] tokensAtStart = new long[1];
            long[] lastTokens = new long[1];
            new SftTrainer(settings).train(decoder, data, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {
                @Override
                public void onStep(SftTrainer.StepReport report) {
                    if (report.step() == warmupSteps) {
                        startNanos[0] = System.nanoTime();
                        tokensAtStart[0] = report.tokens();
                    }
                    lastTokens[0] = report.tokens();
                }
            });
            double seconds = (System.nanoTime() - startNanos[0]) / 1e9;
            // Training tokens are the positions predicted: sequenceLength - 1 per example.
            double tokens = (double) (lastTokens[0] - tokensAtStart[0]) * (sequenceLength - 1) / sequenceLength;
            double tokensPerSecond = tokens / seconds;
            long parameters = config.parameterCount();
            double flopsPerToken = 6.0 * parameters + 12.0 * config.numHiddenLayers() * config.hiddenSize() * (sequenceLength - 1);
            double achieved = tokensPerSecond * flopsPerToken / 1e9;
            double peak = matmulPeakGflops(manager);
            return new Figures(config.summary(), parameters, batchSize, sequenceLength, steps, tokensPerSecond, achieved, peak, achieved / peak,
                    seconds / steps);
        }
    }

    /** The best fp32 matmul rate of this machine at a few square sizes: the "peak" MFU is measured against. */
    public static double matmulPeakGflops(NDManager manager) {
        double best = 0;
        for (int n : new int[] {512, 1024, 2048}) {
            try (NDScope scope = new NDScope()) {
                NDArray a = manager.randomNormal(new Shape(n, n));
                NDArray b = manager.randomNormal(new Shape(n, n));
                a.matMul(b).getFloat(0, 0);
                int repeats = Math.max(2, (int) (2e10 / (2.0 * n * n * n)));
                long start = System.nanoTime();
                for (int i = 0; i < repeats; i++) {
                    try (NDScope inner = new NDScope()) {
                        a.matMul(b).getFloat(0, 0);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, 2.0 * n * n * n * repeats / seconds / 1e9);
            }
        }
        return best;
    }
}
