package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The batch API's state folder: its files and batches, kept so that a server started again on the same folder serves
 * every finished batch and resumes every unfinished one.
 * <pre>
 * STATE/lock                          held while a server uses the folder: one server per folder
 * STATE/files/FILE_ID.json            a file's object (name, size, purpose, owner's key id)
 * STATE/files/FILE_ID.jsonl           its content
 * STATE/batches/BATCH_ID.json         a batch object as last saved (status, counts, file ids, times)
 * STATE/batches/BATCH_ID.answers.jsonl  a running batch's answered requests ({@link BatchAnswers})
 * </pre>
 * Every file but the answers journal is written whole to a temporary file and renamed into place, so a server killed
 * at any moment leaves each one old or new, never half written. A file's content is renamed in before its object,
 * so an object never names missing content; content without an object (a crash in between) is removed on open.
 */
final class BatchState implements AutoCloseable {
    private static final SecureRandom IDS = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Path dir;
    private final Path files;
    private final Path batches;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, StoredFile> fileIndex = new ConcurrentHashMap<>();
    private final Map<String, BatchRecord> batchIndex = new ConcurrentHashMap<>();

    private BatchState(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.files = dir.resolve("files");
        this.batches = dir.resolve("batches");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed) a state folder and reads what it holds. */
    static BatchState open(Path dir) {
        try {
            Files.createDirectories(dir.resolve("files"));
            Files.createDirectories(dir.resolve("batches"));
            FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StateFolderInUseException(dir);
            }
            BatchState state = new BatchState(dir, channel, lock);
            state.load();
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("option 'state': cannot use " + dir + " as the batch API's state folder: " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".json")) {
                    StoredFile file = StoredFile.fromStoredJson(readJson(entry));
                    fileIndex.put(file.id(), file);
                }
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean content = name.endsWith(".jsonl") && fileIndex.containsKey(name.substring(0, name.length() - ".jsonl".length()));
                if (!name.endsWith(".json") && !content) {
                    // Content whose object was never written, or a temporary file: a crash mid-upload left it.
                    Files.deleteIfExists(entry);
                }
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(batches, "*.partial")) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(batches, "*.json")) {
            for (Path entry : entries) {
                BatchRecord batch = BatchRecord.fromStoredJson(readJson(entry));
                batchIndex.put(batch.id(), batch);
            }
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    static String newFileId() {
        StringBuilder id = new StringBuilder("file-");
        for (int i = 0; i < 24; i++) {
            id.append(ALPHANUMERIC.charAt(IDS.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    static String newBatchId() {
        return "batch_" + randomHex(16);
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        IDS.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    // ---- files -------------------------------------------------------------------------------------------------

    /**
     * Stores an upload: its bytes go to a temporary file, which becomes the content only when complete and within
     * {@code limit} bytes; then the file object is written.
     *
     * @throws ApiError 413 past the limit (nothing is kept)
     */
    StoredFile receive(String owner, String filename, String purpose, InputStream in, long limit, long now) {
        String id = newFileId();
        long[] size = {0};
        AtomicFiles.write(contentPath(id), temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    size[0] += read;
                    if (size[0] > limit) {
                        throw ApiError.tooLarge(limit);
                    }
                    out.write(buffer, 0, read);
                }
            }
        });
        return register(new StoredFile(id, owner, size[0], now, filename, purpose));
    }

    /** Writes a file the server makes (a batch's output or error file) under a given id, atomically. */
    StoredFile write(String id, String owner, String filename, String purpose, long now, List<String> lines) {
        AtomicFiles.writeText(contentPath(id), out -> {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        });
        long bytes;
        try {
            bytes = Files.size(contentPath(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return register(new StoredFile(id, owner, bytes, now, filename, purpose));
    }

    private StoredFile register(StoredFile file) {
        AtomicFiles.writeText(files.resolve(file.id() + ".json"), out -> out.write(file.toStoredJson().toString()));
        fileIndex.put(file.id(), file);
        return file;
    }

    List<StoredFile> files() {
        return List.copyOf(fileIndex.values());
    }

    Optional<StoredFile> file(String id) {
        return Optional.ofNullable(fileIndex.get(id));
    }

    /** A stored file's content; only ids the index knows come here, so no request path reaches another file. */
    Path contentPath(String id) {
        return files.resolve(id + ".jsonl");
    }

    // ---- batches -----------------------------------------------------------------------------------------------

    /** Saves a batch's new state, atomically, then shows it to readers. */
    synchronized BatchRecord save(BatchRecord batch) {
        AtomicFiles.writeText(batches.resolve(batch.id() + ".json"), out -> out.write(batch.toStoredJson().toString()));
        batchIndex.put(batch.id(), batch);
        return batch;
    }

    /**
     * Changes a batch under the state's lock, so that the runner and a cancel request cannot overwrite each other:
     * {@code change} sees the current record and returns it unchanged (nothing is written) or a new one (saved).
     */
    synchronized BatchRecord update(String id, UnaryOperator<BatchRecord> change) {
        BatchRecord current = batchIndex.get(id);
        BatchRecord next = change.apply(current);
        return next == current ? current : save(next);
    }

    Optional<BatchRecord> batch(String id) {
        return Optional.ofNullable(batchIndex.get(id));
    }

    /** Every batch, oldest first (the order the runner takes them in). */
    List<BatchRecord> batches() {
        List<BatchRecord> all = new ArrayList<>(batchIndex.values());
        all.sort(Comparator.comparingLong(BatchRecord::sequence));
        return all;
    }

    /** The sequence number of the next batch: one more than any batch's in the folder. */
    synchronized long nextSequence() {
        return batchIndex.values().stream().mapToLong(BatchRecord::sequence).max().orElse(0) + 1;
    }

    /** Where a batch's answered requests are journaled while it runs. */
    Path answersPath(String batchId) {
        return batches.resolve(batchId + ".answers.jsonl");
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the state folder's lock " + dir.resolve("lock") + ": " + e.getMessage(), e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
