package dev.distill4j.model.checkpoint;

import java.util.Arrays;

/**
 * One entry of a safetensors header: where a tensor's bytes are, before they are read.
 *
 * @param name  the tensor's name
 * @param dtype the element type on disk
 * @param shape dimensions, outermost first
 * @param begin first byte, counted from the end of the header
 * @param end   one past the last byte, counted from the end of the header
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        if (name == null || dtype == null || shape == null) {
            throw new IllegalArgumentException("fields 'name', 'dtype', 'shape': expected values, got null");
        }
        shape = shape.clone();
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("tensor '" + name + "': field 'data_offsets': expected 0 <= begin <= end, got [" + begin + ", " + end + "]");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elementCount() {
        return Tensor.elementCount(shape);
    }

    /** Bytes the data occupies on disk. */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that && name.equals(that.name) && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && begin == that.begin && end == that.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Long.hashCode(begin);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
