package dev.distill4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A batch input file, JSON Lines of {@code {"custom_id", "method": "POST", "url", "body"}}: the checks OpenAI makes
 * before a batch runs, and the requests it holds. Blank lines are skipped; line numbers count every line, 1-based.
 *
 * <p>What fails the whole batch here (as at OpenAI) is the envelope: a line that is not a JSON object, a missing or
 * repeated custom_id, a method other than POST, a url other than the batch's endpoint, a body that is not an object,
 * an empty file, too many requests. A body whose fields are wrong is one request's failure instead: it is answered
 * with the live endpoint's 400 in the error file when its turn comes, and the other requests run.
 */
final class BatchInput {
    /** The most problems one validation reports; a file with more is broken wholesale and 100 say so. */
    static final int MAX_ERRORS = 100;

    /** One request of a valid input file. */
    record Line(int number, String customId, JsonNode body) {}

    /** What validation found: the number of requests, and the problems (none for a file that may run). */
    record Validation(int requests, List<BatchError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private BatchInput() {}

    static Validation validate(Path file, String endpoint, int maxRequests) {
        List<BatchError> errors = new ArrayList<>();
        Map<String, Integer> firstLineOf = new HashMap<>();
        int[] requests = {0};
        try {
            readAll(file, errors, firstLineOf, requests, endpoint, maxRequests);
        } catch (NotUtf8 e) {
            errors.add(new BatchError("invalid_json_line", "line " + e.line + ": the input file is not UTF-8 text.", null, e.line));
        }
        if (requests[0] == 0 && errors.isEmpty()) {
            errors.add(new BatchError("empty_file", "The input file holds no request: expected one JSON object per line.", null, null));
        }
        return new Validation(Math.min(requests[0], maxRequests), errors);
    }

    private static void readAll(Path file, List<BatchError> errors, Map<String, Integer> firstLineOf, int[] requests, String endpoint,
            int maxRequests) {
        read(file, (number, text) -> {
            if (errors.size() >= MAX_ERRORS) {
                return false;
            }
            requests[0]++;
            if (requests[0] > maxRequests) {
                errors.add(new BatchError("too_many_tasks", "The input file has more than this server's limit of " + maxRequests
                        + " requests per batch (line " + number + " is request " + requests[0] + "); split it into several batches.",
                        null, number));
                return false;
            }
            JsonNode line;
            try {
                line = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                errors.add(new BatchError("invalid_json_line", "line " + number + ": This line is not parseable as valid JSON: "
                        + e.getOriginalMessage(), null, number));
                return true;
            }
            if (line == null || !line.isObject()) {
                errors.add(new BatchError("invalid_json_line", "line " + number + ": expected a JSON object {\"custom_id\", \"method\","
                        + " \"url\", \"body\"}, got " + kind(line), null, number));
                return true;
            }
            BatchError problem = envelope(line, number, endpoint, firstLineOf);
            if (problem != null) {
                errors.add(problem);
            }
            return true;
        });
    }

    /** The first problem of one line's envelope, or null. */
    private static BatchError envelope(JsonNode line, int number, String endpoint, Map<String, Integer> firstLineOf) {
        JsonNode customId = line.get("custom_id");
        if (customId == null || customId.isNull()) {
            return missing("custom_id", number);
        }
        if (!customId.isTextual() || customId.textValue().isEmpty()) {
            return new BatchError("invalid_request", "line " + number + ": 'custom_id' must be a non-empty string, got " + customId,
                    "custom_id", number);
        }
        Integer first = firstLineOf.putIfAbsent(customId.textValue(), number);
        if (first != null) {
            return new BatchError("duplicate_custom_id", "line " + number + ": custom_id '" + customId.textValue() + "' is also the"
                    + " custom_id of line " + first + "; each request needs its own.", "custom_id", number);
        }
        JsonNode method = line.get("method");
        if (method == null || method.isNull()) {
            return missing("method", number);
        }
        if (!"POST".equals(method.asText(null))) {
            return new BatchError("invalid_request", "line " + number + ": 'method' must be \"POST\", got " + method, "method", number);
        }
        JsonNode url = line.get("url");
        if (url == null || url.isNull()) {
            return missing("url", number);
        }
        if (!endpoint.equals(url.asText(null))) {
            return new BatchError("url_mismatch", "line " + number + ": 'url' is " + url + ", but the batch's endpoint is \"" + endpoint
                    + "\"; every request of a batch goes to its endpoint.", "url", number);
        }
        JsonNode body = line.get("body");
        if (body == null || body.isNull()) {
            return missing("body", number);
        }
        if (!body.isObject()) {
            return new BatchError("invalid_request", "line " + number + ": 'body' must be the request's JSON object, got " + kind(body),
                    "body", number);
        }
        return null;
    }

    private static BatchError missing(String field, int number) {
        return new BatchError("missing_required_parameter", "line " + number + ": '" + field + "' is a required property.", field, number);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Calls {@code action} with every request of a file that passed {@link #validate}, in file order. */
    static void forEach(Path file, Consumer<Line> action) {
        read(file, (number, text) -> {
            try {
                JsonNode line = Json.MAPPER.readTree(text);
                action.accept(new Line(number, line.get("custom_id").textValue(), line.get("body")));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(file + ":" + number + ": a validated line does not parse: " + e.getOriginalMessage(), e);
            }
            return true;
        });
    }

    @FunctionalInterface
    private interface LineReader {
        /** Reads one non-blank line; false stops the reading. */
        boolean read(int number, String text);
    }

    /** Bytes that are not UTF-8 on a line. */
    private static final class NotUtf8 extends RuntimeException {
        final int line;

        NotUtf8(int line) {
            super(null, null, false, false);
            this.line = line;
        }
    }

    private static void read(Path file, LineReader reader) {
        int number = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                number++;
                if (!text.isBlank() && !reader.read(number, text)) {
                    return;
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new NotUtf8(number + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch input file " + file + ": " + e.getMessage(), e);
        }
    }
}
