package dev.distill4j.model.checkpoint;

import java.util.Arrays;

/**
 * A named tensor in row-major order, as it goes into or comes out of a safetensors file.
 * The shape is copied; the data is not (weights are large), so do not change it after handing it over.
 *
 * @param name  the Hugging Face weight name, e.g. {@code model.layers.0.mlp.up_proj.weight}
 * @param shape dimensions, outermost first; empty for a scalar
 * @param data  the elements, {@code product(shape)} of them
 */
public record Tensor(String name, long[] shape, float[] data) {
    public Tensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("field 'name': expected a tensor name, got " + (name == null ? "null" : "an empty string"));
        }
        if (shape == null || data == null) {
            throw new IllegalArgumentException("tensor '" + name + "': field '" + (shape == null ? "shape" : "data") + "': expected a value, got null");
        }
        shape = shape.clone();
        long elements = elementCount(shape);
        if (elements != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': field 'data': expected " + elements + " values for shape "
                    + Arrays.toString(shape) + ", got " + data.length);
        }
    }

    /** A tensor from its values and shape: {@code Tensor.of("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)}. */
    public static Tensor of(String name, float[] data, long... shape) {
        return new Tensor(name, shape, data);
    }

    /** The shape (a copy: the tensor's own cannot be changed). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements of a shape; the empty shape is a scalar with one. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("field 'shape': expected dimensions >= 0, got " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("field 'shape': " + Arrays.toString(shape) + " has more elements than a long counts");
            }
        }
        return count;
    }

    /** Equal when name, shape and every value agree as {@link Float#equals} sees them (NaN equals NaN, -0 differs from 0). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that && name.equals(that.name) && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    /** Name and shape; the values would flood a message. */
    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape);
    }
}
