package dev.distill4j.model.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a whole folder so that its name only ever points at a complete one. The content goes into a
 * temporary sibling ({@code .NAME.partial-*}); an existing folder is first renamed aside
 * ({@code .NAME.replaced-*}), the new one renamed into place, and the old one deleted. A crash at any
 * point leaves the old folder, the new one, or (between the two renames) neither under the name, with
 * both complete copies beside it, never a half-written folder under the name.
 */
final class AtomicFolder {
    static final String PARTIAL = ".partial-";
    static final String REPLACED = ".replaced-";

    /** Something that fills a folder. */
    @FunctionalInterface
    interface FolderWriter {
        void writeInto(Path folder) throws IOException;
    }

    private AtomicFolder() {}

    static void write(Path target, FolderWriter writer) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        String name = absolute.getFileName().toString();
        Path partial = null;
        try {
            Files.createDirectories(parent);
            partial = Files.createTempDirectory(parent, "." + name + PARTIAL);
            writer.writeInto(partial);
            Path aside = null;
            if (Files.exists(absolute)) {
                aside = parent.resolve("." + name + REPLACED + partial.getFileName().toString().substring(name.length() + 1 + PARTIAL.length()));
                move(absolute, aside);
            }
            try {
                move(partial, absolute);
            } catch (IOException e) {
                if (aside != null) {
                    move(aside, absolute);
                }
                throw e;
            }
            partial = null;
            syncFolder(parent);
            if (aside != null) {
                deleteTree(aside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                try {
                    deleteTree(partial);
                } catch (IOException ignored) {
                    // Best effort: a stray .partial folder is harmless and named as such.
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Makes the renames durable; not every system can open a folder for this, and then the renames are as durable as it makes them. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a directory as a channel.
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Folders left beside {@code target} by writes that stopped before they finished, oldest name first. */
    static List<Path> leftovers(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        String prefix = "." + absolute.getFileName();
        if (!Files.isDirectory(absolute.getParent())) {
            return List.of();
        }
        try (Stream<Path> siblings = Files.list(absolute.getParent())) {
            return siblings.filter(path -> {
                String file = path.getFileName().toString();
                return file.startsWith(prefix + REPLACED) || file.startsWith(prefix + PARTIAL);
            }).sorted().toList();
        }
    }
}
