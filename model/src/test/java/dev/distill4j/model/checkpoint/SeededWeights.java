package dev.distill4j.model.checkpoint;

import dev.distill4j.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Weights for every tensor a config expects, drawn from a seeded generator: the same seed gives the same checkpoint. */
final class SeededWeights {
    private SeededWeights() {}

    static Map<String, Tensor> of(ModelConfig config, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        config.expectedTensors().forEach((name, shape) -> {
            float[] data = new float[(int) Tensor.elementCount(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextGaussian() * 0.02f;
            }
            weights.put(name, new Tensor(name, shape, data));
        });
        return weights;
    }

    /** A tiny Llama: vocabulary 16, width 8, MLP 12, 2 layers, 2 query heads sharing 1 key/value head (head width 4). */
    static ModelConfig tinyLlama(boolean tied) {
        return new ModelConfig(ModelConfig.LLAMA, 16, 8, 12, 2, 2, 1, 4, 32, 1e-5, 10000.0, tied, false, false, 1, 2);
    }
}
