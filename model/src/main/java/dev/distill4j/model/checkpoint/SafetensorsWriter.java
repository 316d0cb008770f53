package dev.distill4j.model.checkpoint;

import dev.distill4j.core.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes tensors as a safetensors file, deterministically: tensors in name order, one element type,
 * the header as {@link SafetensorsHeader#encode()} makes it. The same tensors and metadata always give
 * the same bytes, so save, load, save reproduces a file exactly. The file appears atomically.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /**
     * Writes {@code tensors} to {@code file} as {@code dtype} ({@link DType#BF16} and {@link DType#F16} round to nearest, ties to even).
     *
     * @param metadata goes into the header's {@code __metadata__}; may be empty
     */
    public static void write(Path file, Collection<Tensor> tensors, Map<String, String> metadata, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("field 'dtype': expected one of F32, BF16, F16, got null");
        }
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(Tensor::name, SafetensorsHeader.NAME_ORDER));
        List<TensorInfo> entries = new ArrayList<>(sorted.size());
        long offset = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Tensor tensor = sorted.get(i);
            if (i > 0 && tensor.name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException(file + ": tensor '" + tensor.name() + "' is given twice");
            }
            long bytes = (long) tensor.data().length * dtype.byteSize();
            entries.add(new TensorInfo(tensor.name(), dtype, tensor.shape(), offset, offset + bytes));
            offset += bytes;
        }
        byte[] header = new SafetensorsHeader(entries, metadata).encode();
        if (header.length > SafetensorsHeader.MAX_BYTES) {
            throw new IllegalArgumentException(file + ": a header of " + header.length + " bytes is more than readers accept ("
                    + SafetensorsHeader.MAX_BYTES + ")");
        }
        AtomicFiles.write(file, temporary -> writeTo(temporary, header, sorted, dtype));
    }

    private static void writeTo(Path temporary, byte[] header, List<Tensor> tensors, DType dtype) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(SafetensorsHeader.LENGTH_FIELD_BYTES + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            writeFully(channel, prefix);
            ByteBuffer chunk = ByteBuffer.allocateDirect(SafetensorsFile.CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = SafetensorsFile.CHUNK_BYTES / dtype.byteSize();
            for (Tensor tensor : tensors) {
                float[] data = tensor.data();
                for (int done = 0; done < data.length; ) {
                    int count = Math.min(perChunk, data.length - done);
                    chunk.clear();
                    dtype.encode(data, done, count, chunk);
                    chunk.flip();
                    writeFully(channel, chunk);
                    done += count;
                }
            }
            // On disk before the rename that publishes it: after a power cut the name never points at a hollow file.
            channel.force(true);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
