package dev.distill4j.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/**
 * Element types of a safetensors file that distill4j reads into floats, under their safetensors names.
 * Buffers given to {@link #decode} and {@link #encode} are little-endian, as the format is.
 */
public enum DType {
    F32(4) {
        @Override
        void decode(ByteBuffer in, float[] out, int offset, int count) {
            in.asFloatBuffer().get(out, offset, count);
            in.position(in.position() + count * 4);
        }

        @Override
        void encode(float[] in, int offset, int count, ByteBuffer out) {
            out.asFloatBuffer().put(in, offset, count);
            out.position(out.position() + count * 4);
        }
    },
    /** bfloat16: the top half of a float32 (same exponent range, 8 bits of mantissa). */
    BF16(2) {
        @Override
        void decode(ByteBuffer in, float[] out, int offset, int count) {
            ShortBuffer halves = in.asShortBuffer();
            for (int i = 0; i < count; i++) {
                out[offset + i] = fromBfloat16Bits(halves.get(i));
            }
            in.position(in.position() + count * 2);
        }

        @Override
        void encode(float[] in, int offset, int count, ByteBuffer out) {
            ShortBuffer halves = out.asShortBuffer();
            for (int i = 0; i < count; i++) {
                halves.put(i, bfloat16Bits(in[offset + i]));
            }
            out.position(out.position() + count * 2);
        }
    },
    /** IEEE 754 half precision (5 exponent bits, 10 mantissa bits). */
    F16(2) {
        @Override
        void decode(ByteBuffer in, float[] out, int offset, int count) {
            ShortBuffer halves = in.asShortBuffer();
            for (int i = 0; i < count; i++) {
                out[offset + i] = Float.float16ToFloat(halves.get(i));
            }
            in.position(in.position() + count * 2);
        }

        @Override
        void encode(float[] in, int offset, int count, ByteBuffer out) {
            ShortBuffer halves = out.asShortBuffer();
            for (int i = 0; i < count; i++) {
                // Float.floatToFloat16 rounds to nearest even, as PyTorch's .half() does.
                halves.put(i, Float.floatToFloat16(in[offset + i]));
            }
            out.position(out.position() + count * 2);
        }
    };

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Reads {@code count} elements from the buffer's position into {@code out[offset..]}, advancing the position. */
    abstract void decode(ByteBuffer in, float[] out, int offset, int count);

    /** Writes {@code in[offset..offset+count)} at the buffer's position, advancing the position. */
    abstract void encode(float[] in, int offset, int count, ByteBuffer out);

    /** The type named {@code name} in a safetensors header, or null when distill4j does not read it. */
    static DType fromSafetensorsName(String name) {
        for (DType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /**
     * The bfloat16 nearest to {@code value}, ties to even, as PyTorch's {@code .to(torch.bfloat16)} rounds.
     * Plain truncation would bias every weight towards zero; rounding keeps the error unbiased.
     */
    static short bfloat16Bits(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            // Keep it a NaN (rounding could carry a payload into the exponent) and make it quiet.
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }

    static float fromBfloat16Bits(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
