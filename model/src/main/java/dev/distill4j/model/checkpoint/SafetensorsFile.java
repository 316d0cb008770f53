package dev.distill4j.model.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An open safetensors file: the header is read and checked on {@link #open}, tensors are read one at a
 * time through the file channel in 1 MiB pieces, so a file of many gigabytes never sits in memory as bytes.
 * Not for use by several threads at once.
 *
 * <pre>{@code
 * try (SafetensorsFile file = SafetensorsFile.open(path)) {
 *     Tensor embedding = file.read("model.embed_tokens.weight");
 * }
 * }</pre>
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Bytes read per step: large enough for full disk speed, small enough to be nothing next to the weights. */
    static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private ByteBuffer chunk;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        Map<String, TensorInfo> byName = new TreeMap<>(SafetensorsHeader.NAME_ORDER);
        header.tensors().forEach(tensor -> byName.put(tensor.name(), tensor));
        this.tensors = Collections.unmodifiableMap(byName);
        this.metadata = header.metadata();
    }

    /** Opens a file and checks its header; a bad file fails here, naming the file and the tensor. */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("no safetensors file at " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            int lengthField = SafetensorsHeader.LENGTH_FIELD_BYTES;
            if (size < lengthField) {
                throw new CheckpointException(file + ": " + size + " bytes, too short for the 8-byte header length that starts a safetensors file");
            }
            ByteBuffer length = ByteBuffer.allocate(lengthField).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, channel, length, 0, "the header length");
            long headerLength = length.getLong(0);
            if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_BYTES) {
                throw new CheckpointException(file + ": the header length field says " + Long.toUnsignedString(headerLength)
                        + " bytes, more than the " + SafetensorsHeader.MAX_BYTES + " the format allows: not a safetensors file");
            }
            if (headerLength > size - lengthField) {
                throw new CheckpointException(file + ": truncated: the header length field says " + headerLength + " bytes, but only "
                        + (size - lengthField) + " follow it");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(file, channel, header, lengthField, "the header");
            long dataStart = lengthField + headerLength;
            return new SafetensorsFile(file, channel, dataStart, SafetensorsHeader.parse(file, header.array(), size - dataStart));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The header's entries by name, in name order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} (empty when it has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Reads one tensor, converting its elements to float. */
    public Tensor read(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            List<String> names = List.copyOf(tensors.keySet());
            throw new CheckpointException(file + ": no tensor '" + name + "'; it has " + names.size() + ": "
                    + String.join(", ", names.subList(0, Math.min(8, names.size()))) + (names.size() > 8 ? ", ..." : ""));
        }
        long elements = info.elementCount();
        if (elements > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": tensor '" + name + "': " + elements + " elements do not fit in one Java array");
        }
        float[] data = new float[(int) elements];
        int elementBytes = info.dtype().byteSize();
        int perChunk = CHUNK_BYTES / elementBytes;
        ByteBuffer buffer = chunk();
        long position = dataStart + info.begin();
        for (int done = 0; done < data.length; ) {
            int count = Math.min(perChunk, data.length - done);
            buffer.clear().limit(count * elementBytes);
            try {
                readFully(file, channel, buffer, position, "tensor '" + name + "'");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tensor '" + name + "' from " + file + ": " + e.getMessage(), e);
            }
            buffer.flip();
            info.dtype().decode(buffer, data, done, count);
            done += count;
            position += (long) count * elementBytes;
        }
        return new Tensor(name, info.shape(), data);
    }

    /** Reads every tensor, in name order. */
    public Map<String, Tensor> readAll() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            all.put(name, read(name));
        }
        return all;
    }

    private ByteBuffer chunk() {
        if (chunk == null) {
            chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        return chunk;
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position, String what) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                // The size was checked on open: the file shrank while we read it.
                throw new CheckpointException(file + ": the file ended at byte " + at + " while reading " + what + "; was it changed while being read?");
            }
            at += read;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing with a better message.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
