package dev.distill4j.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.distill4j.model.JavaMemoryChurn;
import dev.distill4j.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecoderTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    /** Grouped-query attention (4 query heads over 2 key/value heads), untied head. */
    static final ModelConfig LLAMA = new ModelConfig(ModelConfig.LLAMA, 13, 16, 24, 2, 4, 2, 4, 32, 1e-5, 10000.0, false, false, false, null, null);
    /** The Qwen2 variant: q/k/v bias, tied embeddings, multi-query attention. */
    static final ModelConfig QWEN2 = new ModelConfig(ModelConfig.QWEN2, 11, 8, 12, 2, 2, 1, 4, 32, 1e-6, 1000.0, true, true, false, null, null);

    private static DecoderWeights randomWeights(ModelConfig config, long seed, DataType dtype) {
        // Bigger-than-init weights and non-trivial norms and biases, so every part of the model matters.
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        config.expectedTensors().forEach((name, shape) -> {
            float[] data = new float[Math.toIntExact(DecoderWeights.size(shape))];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (name.endsWith("norm.weight") ? 0.5 + random.nextDouble() : random.nextDouble(-0.5, 0.5));
            }
            values.put(name, data);
        });
        return DecoderWeights.fromArrays(config, values, manager, dtype);
    }

    private static NDArray row(int... tokens) {
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
        }
        return manager.create(ids, new Shape(1, tokens.length));
    }

    private static NDArray positions(int from, int count) {
        return manager.arange(from, from + count).toType(DataType.INT64, false).reshape(1, count);
    }

    @Test
    void should_agree_with_the_plain_java_reference_for_llama_with_grouped_query_attention() {
        assertAgreesWithReference(LLAMA, new int[] {3, 7, 1, 12, 0, 5, 9});
    }

    @Test
    void should_agree_with_the_plain_java_reference_for_qwen2_with_bias_and_tied_embeddings() {
        assertAgreesWithReference(QWEN2, new int[] {10, 2, 2, 6, 4});
    }

    private void assertAgreesWithReference(ModelConfig config, int[] tokens) {
        try (DecoderWeights weights = randomWeights(config, 42, DataType.FLOAT32); Decoder decoder = new Decoder(weights);
                NDScope scope = new NDScope()) {
            float[] logits = decoder.forward(row(tokens), positions(0, tokens.length), null, null).toFloatArray();
            double[][] expected = new NaiveLlama(config, weights.toArrays()).logits(tokens);
            for (int i = 0; i < tokens.length; i++) {
                for (int v = 0; v < config.vocabSize(); v++) {
                    assertThat((double) logits[i * config.vocabSize() + v]).as("position %d, token %d", i, v).isCloseTo(expected[i][v], within(1e-4));
                }
            }
        }
    }

    @Test
    void should_decode_greedily_the_same_tokens_with_and_without_the_kv_cache() {
        for (ModelConfig config : List.of(LLAMA, QWEN2)) {
            try (DecoderWeights weights = randomWeights(config, 7, DataType.FLOAT32); Decoder decoder = new Decoder(weights)) {
                int[] prompt = {1, 4, 2};
                List<Integer> withoutCache = new ArrayList<>();
                List<Integer> sequence = new ArrayList<>(List.of(1, 4, 2));
                for (int step = 0; step < 12; step++) {
                    try (NDScope scope = new NDScope()) {
                        int[] all = sequence.stream().mapToInt(Integer::intValue).toArray();
                        NDArray logits = decoder.forward(row(all), positions(0, all.length), null, null);
                        int next = (int) logits.get(0, all.length - 1).argMax().toLongArray()[0];
                        withoutCache.add(next);
                        sequence.add(next);
                    }
                }
                List<Integer> withCache = new ArrayList<>();
                try (KvCache cache = new KvCache(config.numHiddenLayers(), 32)) {
                    int next;
                    try (NDScope scope = new NDScope()) {
                        NDArray logits = decoder.forward(row(prompt), positions(0, prompt.length), null, cache);
                        next = (int) logits.get(0, prompt.length - 1).argMax().toLongArray()[0];
                    }
                    withCache.add(next);
                    for (int step = 1; step < 12; step++) {
                        try (NDScope scope = new NDScope()) {
                            NDArray logits = decoder.forward(row(next), positions(prompt.length + step - 1, 1), null, cache);
                            next = (int) logits.get(0, 0).argMax().toLongArray()[0];
                        }
                        withCache.add(next);
                    }
                    assertThat(cache.length()).isEqualTo(prompt.length + 11);
                }
                assertThat(withCache).as(config.architecture()).containsExactlyElementsOf(withoutCache);
            }
        }
    }

    @Test
    void should_ignore_padding_keys_so_a_left_padded_row_gives_the_unpadded_logits() {
        try (DecoderWeights weights = randomWeights(LLAMA, 11, DataType.FLOAT32); Decoder decoder = new Decoder(weights); NDScope scope = new NDScope()) {
            float[] alone = decoder.forward(row(5, 6, 7), positions(0, 3), null, null).toFloatArray();
            // The same three tokens after two pad tokens: positions restart at 0 and the pads are masked.
            NDArray padded = row(0, 0, 5, 6, 7);
            NDArray positions = manager.create(new long[] {0, 0, 0, 1, 2}, new Shape(1, 5));
            NDArray keyMask = manager.create(new boolean[] {false, false, true, true, true}, new Shape(1, 5));
            float[] logits = decoder.forward(padded, positions, keyMask, null).toFloatArray();
            int vocab = LLAMA.vocabSize();
            for (int i = 0; i < 3 * vocab; i++) {
                assertThat(logits[2 * vocab + i]).isCloseTo(alone[i], within(1e-5f));
            }
        }
    }

    @Test
    void should_have_gradients_that_match_central_finite_differences() {
        try (DecoderWeights weights = randomWeights(QWEN2, 3, DataType.FLOAT64); Decoder decoder = new Decoder(weights)) {
            int[] tokens = {3, 1, 4, 1, 5};
            int[] targets = {1, 4, 1, 5, 9};
            weights.requireGradients();
            try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                collector.backward(loss(decoder, tokens, targets));
            }
            String[] checked = {"model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.bias",
                "model.layers.1.self_attn.v_proj.weight", "model.layers.1.mlp.down_proj.weight", "model.layers.0.input_layernorm.weight",
                "model.norm.weight"};
            SplittableRandom pick = new SplittableRandom(5);
            for (String name : checked) {
                NDArray parameter = weights.get(name);
                double[] gradient = parameter.getGradient().toDoubleArray();
                for (int trial = 0; trial < 3; trial++) {
                    int index = pick.nextInt(gradient.length);
                    double numeric = numericGradient(decoder, parameter, index, tokens, targets);
                    assertThat(gradient[index]).as("%s[%d]", name, index).isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
                }
            }
        }
    }

    @Test
    void should_give_the_same_gradients_when_java_memory_is_freed_and_reused_between_forward_and_backward() {
        // The backward pass reads every number the forward pass multiplied, divided or raised by; a garbage
        // collection in between must not change what it reads (see Scalars).
        int[] tokens = {3, 1, 4, 1, 5};
        int[] targets = {1, 4, 1, 5, 9};
        Map<String, float[]> calm = gradients(tokens, targets, false);
        Map<String, float[]> churned = gradients(tokens, targets, true);
        assertThat(churned.keySet()).containsExactlyElementsOf(calm.keySet());
        calm.forEach((name, gradient) -> assertThat(churned.get(name)).as(name).containsExactly(gradient));
    }

    private static Map<String, float[]> gradients(int[] tokens, int[] targets, boolean churn) {
        try (DecoderWeights weights = randomWeights(LLAMA, 3, DataType.FLOAT32); Decoder decoder = new Decoder(weights)) {
            weights.requireGradients();
            try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = loss(decoder, tokens, targets);
                List<java.nio.ByteBuffer> refills = churn ? JavaMemoryChurn.run() : List.of();
                collector.backward(loss);
                assertThat(refills.isEmpty()).isEqualTo(!churn);
            }
            Map<String, float[]> gradients = new java.util.LinkedHashMap<>();
            weights.all().forEach((name, parameter) -> gradients.put(name, parameter.getGradient().toFloatArray()));
            return gradients;
        }
    }

    private static NDArray loss(Decoder decoder, int[] tokens, int[] targets) {
        NDArray logits = decoder.forward(row(tokens), positions(0, tokens.length), null, null); // (1, t, vocab)
        NDArray logProbabilities = logits.logSoftmax(-1).reshape(tokens.length, -1);
        long[] target = new long[targets.length];
        for (int i = 0; i < targets.length; i++) {
            target[i] = targets[i];
        }
        NDArray picked = logProbabilities.gather(manager.create(target, new Shape(targets.length, 1)), 1);
        return picked.mean().neg();
    }

    private static double numericGradient(Decoder decoder, NDArray parameter, int index, int[] tokens, int[] targets) {
        double h = 1e-6;
        double[] values = parameter.toDoubleArray();
        double original = values[index];
        double[] losses = new double[2];
        for (int side = 0; side < 2; side++) {
            values[index] = original + (side == 0 ? h : -h);
            parameter.set(values);
            try (NDScope scope = new NDScope()) {
                losses[side] = loss(decoder, tokens, targets).toDoubleArray()[0];
            }
        }
        values[index] = original;
        parameter.set(values);
        return (losses[0] - losses[1]) / (2 * h);
    }
}
