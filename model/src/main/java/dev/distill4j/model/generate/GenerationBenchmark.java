package dev.distill4j.model.generate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated tokens per second at several batch sizes, measured in one run so their ratios are fair on a
 * shared machine. Every row generates exactly {@code tokens} tokens (no end token), from a prompt of
 * {@code promptLength} tokens, sampled at temperature 1 so rows differ.
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {}

    /** Tokens per second by batch size, in the order given. */
    public static Map<Integer, Double> run(ModelConfig config, int[] batchSizes, int promptLength, int tokens, long seed) {
        Map<Integer, Double> rates = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Decoder decoder = new Decoder(DecoderWeights.initialise(config, seed, manager, DataType.FLOAT32))) {
            Generator generator = new Generator(decoder, ids -> "", null);
            SplittableRandom random = new SplittableRandom(seed);
            generate(generator, 1, promptLength, 8, config, random); // warm-up: native code paths and allocations
            for (int batch : batchSizes) {
                long start = System.nanoTime();
                generate(generator, batch, promptLength, tokens, config, random);
                double seconds = (System.nanoTime() - start) / 1e9;
                rates.put(batch, (double) batch * tokens / seconds);
            }
        }
        return rates;
    }

    private static void generate(Generator generator, int batch, int promptLength, int tokens, ModelConfig config, SplittableRandom random) {
        List<int[]> prompts = new ArrayList<>();
        List<Sampling> samplings = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
            int[] prompt = new int[promptLength];
            for (int t = 0; t < promptLength; t++) {
                prompt[t] = random.nextInt(config.vocabSize());
            }
            prompts.add(prompt);
            samplings.add(new Sampling(1.0, 1.0, 0, tokens, List.of(), random.nextLong(), false, 0));
        }
        generator.generate(prompts, samplings);
    }
}
