package dev.distill4j.model.generate;

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
import java.util.function.Function;

/** The generation tests' model: 20 tokens, 2 layers, grouped-query attention, a context of 64, seeded weights. */
final class TinyDecoder {
    private TinyDecoder() {}

    /** Token i decodes to the letter 'a' + i: stop strings can then be written as letters. */
    static final Function<int[], String> LETTERS = tokens -> {
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            text.append((char) ('a' + token));
        }
        return text.toString();
    };

    static Decoder create(NDManager manager) {
        ModelConfig config = new ModelConfig(ModelConfig.LLAMA, 20, 32, 48, 2, 4, 2, 8, 64, 1e-5, 10000.0, false, false, false, null, null);
        // Weights at 5x the usual init scale: logits then vary enough that ties and near-ties are rare.
        DecoderWeights init = DecoderWeights.initialise(config, 17, manager, DataType.FLOAT32);
        var arrays = init.toArrays();
        arrays.replaceAll((name, values) -> {
            if (!name.endsWith("norm.weight")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] *= 5;
                }
            }
            return values;
        });
        init.close();
        return new Decoder(DecoderWeights.fromArrays(config, arrays, manager, DataType.FLOAT32));
    }

    /** Greedy decoding the slow way: the whole sequence through the model at every step, no cache, no padding. */
    static List<Integer> greedyWithoutCache(Decoder decoder, NDManager manager, int[] prompt, int steps) {
        List<Integer> sequence = new ArrayList<>();
        for (int token : prompt) {
            sequence.add(token);
        }
        List<Integer> out = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            try (NDScope scope = new NDScope()) {
                long[] tokens = sequence.stream().mapToLong(Integer::longValue).toArray();
                NDArray logits = decoder.forward(manager.create(tokens, new Shape(1, tokens.length)),
                        manager.arange(0, tokens.length).toType(DataType.INT64, false).reshape(1, tokens.length), null, null);
                int next = (int) logits.get(0, tokens.length - 1).argMax().toLongArray()[0];
                out.add(next);
                sequence.add(next);
            }
        }
        return out;
    }
}
