package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.ModelConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The weights of a decoder by their Hugging Face names, as NDArrays owned by one manager. The names and
 * shapes come from {@link ModelConfig#expectedTensors()}; nothing else in the model invents names.
 */
public final class DecoderWeights implements AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> tensors;

    private DecoderWeights(ModelConfig config, NDManager manager, Map<String, NDArray> tensors) {
        this.config = config;
        this.manager = manager;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Fresh weights as Hugging Face initialises a Llama: linear and embedding matrices from N(0, 0.02²),
     * norms at one, biases at zero. Drawn from a seeded generator in a fixed order, so a seed always gives the
     * same model, on any machine.
     */
    public static DecoderWeights initialise(ModelConfig config, long seed, NDManager parent, DataType dtype) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : config.expectedTensors().entrySet()) {
            String name = entry.getKey();
            float[] data = new float[Math.toIntExact(size(entry.getValue()))];
            if (name.endsWith("norm.weight")) {
                Arrays.fill(data, 1f);
            } else if (!name.endsWith(".bias")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (0.02 * gaussian(random));
                }
            }
            values.put(name, data);
        }
        return fromArrays(config, values, parent, dtype);
    }

    /** Weights from plain arrays (e.g. read from a checkpoint), checked against the config's names and shapes. */
    public static DecoderWeights fromArrays(ModelConfig config, Map<String, float[]> values, NDManager parent, DataType dtype) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, long[]> entry : config.expectedTensors().entrySet()) {
                float[] data = values.get(entry.getKey());
                if (data == null) {
                    throw new IllegalArgumentException("missing weight tensor " + entry.getKey());
                }
                if (data.length != size(entry.getValue())) {
                    throw new IllegalArgumentException(entry.getKey() + ": expected " + size(entry.getValue()) + " values for shape "
                            + Arrays.toString(entry.getValue()) + ", got " + data.length);
                }
                // A tensor made from a Java array keeps its data in a JVM direct buffer, at whatever alignment malloc
                // gave it, which the garbage collector frees once the NDArray is closed even if PyTorch still holds the
                // tensor (see Scalars). A clone lives in PyTorch's own memory, owned by the tensor. (Not
                // toType(dtype, true): for the same type DJL returns a view of the Java memory, freed with the original.)
                NDArray array;
                try (NDArray fromJava = manager.create(data, new Shape(entry.getValue()))) {
                    try (NDArray typed = fromJava.toType(dtype, false)) {
                        array = typed.duplicate();
                    }
                }
                // Weights live as long as this object, whatever NDScope its creator runs in.
                NDScope.unregister(array);
                array.setName(entry.getKey());
                tensors.put(entry.getKey(), array);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new DecoderWeights(config, manager, tensors);
    }

    /** The weights as plain float arrays, by name, in the config's order (for checkpoints). */
    public Map<String, float[]> toArrays() {
        Map<String, float[]> values = new LinkedHashMap<>();
        tensors.forEach((name, array) -> values.put(name, array.toType(DataType.FLOAT32, false).toFloatArray()));
        return values;
    }

    public ModelConfig config() {
        return config;
    }

    public NDArray get(String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no weight tensor " + name);
        }
        return array;
    }

    /** Whether a tensor exists (biases exist only in some variants). */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** Every tensor, by name: the trainable parameters. */
    public Map<String, NDArray> all() {
        return tensors;
    }

    public NDManager manager() {
        return manager;
    }

    /** Asks autograd to track gradients of every weight (for training). */
    public void requireGradients() {
        tensors.values().forEach(array -> array.setRequiresGradient(true));
    }

    @Override
    public void close() {
        manager.close();
    }

    static long size(long[] shape) {
        long size = 1;
        for (long dim : shape) {
            size *= dim;
        }
        return size;
    }

    /** A standard normal draw by Box–Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator defaults. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
