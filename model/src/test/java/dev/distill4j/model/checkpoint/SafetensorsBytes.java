package dev.distill4j.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds safetensors files byte by byte in tests, independently of {@link SafetensorsWriter}. */
final class SafetensorsBytes {
    private SafetensorsBytes() {}

    /** Length field (little-endian), the header padded with spaces to a multiple of 8, then the data. */
    static byte[] file(String header, int... data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        return file(padded, header + " ".repeat(padded - json.length), data);
    }

    /** A file whose length field says {@code declaredLength}, whatever the header really is. */
    static byte[] file(long declaredLength, String header, int... data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            out.write((int) (declaredLength >>> (8 * i)) & 0xFF);
        }
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        for (int b : data) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
