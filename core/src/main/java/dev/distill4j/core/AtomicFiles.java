package dev.distill4j.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the same
 * folder, which is renamed over the target only once it is complete. A crash leaves the old file (or none).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file to the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path temporary) throws IOException;
    }

    /** Something that writes text. */
    @FunctionalInterface
    public interface TextWriter {
        void write(BufferedWriter out) throws IOException;
    }

    /** Writes {@code target} atomically through {@code writer}, which fills a temporary file. */
    public static void write(Path target, FileWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".partial");
            // Some writers (DuckDB's COPY) refuse to overwrite; give them a path that does not exist yet.
            Files.delete(temporary);
            writer.writeTo(temporary);
            move(temporary, absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Best effort: a stray .partial file is harmless and named as such.
                }
            }
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path target, TextWriter writer) {
        write(target, temporary -> {
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write(out);
            }
        });
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
