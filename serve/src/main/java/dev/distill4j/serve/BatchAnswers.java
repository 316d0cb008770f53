package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The journal of a running batch: one line per answered request, exactly the line its output or error file will hold
 * ({@code {"id", "custom_id", "response", "error"}}), appended the moment the answer is made. A server started again
 * reads it and runs only the requests it does not name, so no custom_id is answered twice.
 *
 * <p>Why a journal and not a file rewritten whole per answer: rewriting would cost the whole file per answer
 * (quadratic in the batch). Appending is safe because a line is only ever added at the end and ends with a newline:
 * a process killed mid-append leaves at most a last line without its newline, which {@link #open} cuts off (that
 * request simply runs again).
 */
final class BatchAnswers implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final Set<String> answered = new HashSet<>();
    private int completed;
    private int failed;
    private long inputTokens;
    private long outputTokens;

    private BatchAnswers(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating if needed) a journal, cutting a torn last line. */
    static BatchAnswers open(Path path) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            BatchAnswers answers = new BatchAnswers(path, channel);
            try {
                answers.replay();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the batch journal " + path + ": " + e.getMessage(), e);
        }
    }

    private void replay() throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        int start = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lineNumber++;
                JsonNode line;
                try {
                    line = Json.MAPPER.readTree(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IOException(path + ":" + lineNumber + ": a complete journal line does not parse (" + e.getMessage()
                            + "); the journal is damaged", e);
                }
                count(line);
                start = i + 1;
            }
        }
        // Bytes after the last newline are an append the process did not finish: that request runs again.
        channel.truncate(start);
        channel.position(start);
    }

    private void count(JsonNode line) {
        answered.add(line.get("custom_id").asText());
        if (succeeded(line)) {
            completed++;
            JsonNode usage = line.path("response").path("body").path("usage");
            inputTokens += usage.path("prompt_tokens").asLong();
            outputTokens += usage.path("completion_tokens").asLong();
        } else {
            failed++;
        }
    }

    /** Whether a journal line goes to the output file (an answer) rather than the error file. */
    static boolean succeeded(JsonNode line) {
        return line.path("error").isNull() && line.path("response").path("status_code").asInt() == 200;
    }

    /** Appends one answered request's line. */
    synchronized void append(ObjectNode line) {
        String customId = line.get("custom_id").asText();
        if (answered.contains(customId)) {
            throw new IllegalStateException("custom_id '" + customId + "' is answered already in " + path);
        }
        ByteBuffer bytes = ByteBuffer.wrap((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the batch journal " + path + ": " + e.getMessage(), e);
        }
        count(line);
    }

    synchronized boolean answered(String customId) {
        return answered.contains(customId);
    }

    synchronized BatchRecord.Counts counts(int total) {
        return new BatchRecord.Counts(total, completed, failed);
    }

    synchronized BatchRecord.TokenUsage usage() {
        return new BatchRecord.TokenUsage(inputTokens, outputTokens);
    }

    /** Every journaled line by custom_id, read back from the file (for writing the output and error files). */
    synchronized Map<String, JsonNode> lines() {
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        try {
            for (String text : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                JsonNode line = Json.MAPPER.readTree(text);
                lines.put(line.get("custom_id").asText(), line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch journal " + path + ": " + e.getMessage(), e);
        }
        return lines;
    }

    /** Closes and deletes the journal: the batch's output and error files hold its lines now. */
    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the batch journal " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the batch journal " + path + ": " + e.getMessage(), e);
        }
    }
}
