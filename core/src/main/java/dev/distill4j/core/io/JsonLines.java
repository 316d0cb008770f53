package dev.distill4j.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;

/** Reading and writing JSON Lines, one object per line, with errors that name the file and the line. */
public final class JsonLines {
    private JsonLines() {}

    /** What to do with each object of a file, given its line number. */
    @FunctionalInterface
    public interface LineHandler {
        void accept(ObjectNode object, long line);
    }

    /** Calls {@code handler} for every non-blank line, which must be a JSON object. */
    /**
     * Refuses a line's field that is not one of {@code known}, naming it, the closest known name and what a line has.
     *
     * @param where  "file:line", for the message
     * @param what   the end of the message, e.g. "a run has params, tokens and loss"
     */
    public static void requireKnownFields(JsonNode object, java.util.Set<String> known, String where, String what) {
        for (java.util.Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InputException(where + ": unknown field '" + name + "'" + dev.distill4j.core.Suggestions.didYouMean(name, known) + "; " + what);
            }
        }
    }

    public static void read(Path file, LineHandler handler) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new InputException(file + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new InputException(file + ":" + line + ": expected a JSON object, got " + node.getNodeType().toString().toLowerCase());
                }
                handler.accept(object, line);
            }
        } catch (NoSuchFileException e) {
            throw new InputException("no such file: " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes one JSON object per value, atomically (a reader never sees half a file). */
    public static void write(Path file, Collection<?> values) {
        AtomicFiles.writeText(file, out -> {
            for (Object value : values) {
                out.write(Json.MAPPER.writeValueAsString(value));
                out.write('\n');
            }
        });
    }
}
