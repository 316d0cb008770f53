package dev.distill4j.tasks.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The JSON value a completion gives as its answer, or why there is none. Looked for in this order, the most
 * explicit form first: after the last final-answer marker ({@code Answer: {...}}, possibly on the next line);
 * the last fenced block tagged {@code json} (or untagged and starting with a brace or bracket); the last
 * balanced top-level {@code {...}} in the prose that parses as an object. A truncated or over-deep answer
 * is rejected, not replaced by an earlier object: the model's last word was cut off.
 *
 * @param value   the parsed value (any JSON type: the caller checks it is an object), or null
 * @param origin  where it was found, or null
 * @param failure why nothing was found, or null
 */
public record JsonAnswer(JsonNode value, Origin origin, String failure) {

    /** Where an answer's JSON came from. */
    public enum Origin { ANSWER_LINE, FENCED, PROSE }

    /** How many of the last top-level prose objects are tried before giving up. */
    private static final int PROSE_CANDIDATES = 64;

    public boolean found() {
        return value != null;
    }

    public static JsonAnswer extract(String completion) {
        Optional<JsonAnswer> afterMarker = FinalAnswer.find(completion).flatMap(marker -> afterMarker(completion, marker));
        if (afterMarker.isPresent()) {
            return afterMarker.get();
        }
        return lastFenced(completion).orElseGet(() -> lastProseObject(completion));
    }

    private static Optional<JsonAnswer> afterMarker(String completion, FinalAnswer marker) {
        boolean boxed = marker.marker() == FinalAnswer.Marker.BOXED && marker.closed();
        int limit = boxed ? marker.contentEnd() : completion.length();
        int at = marker.contentStart();
        while (at < limit && Character.isWhitespace(completion.charAt(at))) {
            at++;
        }
        if (at >= limit || completion.charAt(at) != '{' && completion.charAt(at) != '[') {
            return Optional.empty();
        }
        BoundedJson.Parsed parsed = BoundedJson.parseFirst(completion.substring(at, limit));
        return Optional.of(parsed.ok() ? new JsonAnswer(parsed.value(), Origin.ANSWER_LINE, null)
                : rejected("JSON after the answer marker: " + parsed.failure()));
    }

    /** The last ```json block (an unclosed last fence runs to the end of the completion). */
    private static Optional<JsonAnswer> lastFenced(String completion) {
        int[] fences = new int[16];
        int count = 0;
        for (int at = completion.indexOf("```"); at >= 0; at = completion.indexOf("```", at + 3)) {
            if (count == fences.length) {
                fences = java.util.Arrays.copyOf(fences, count * 2);
            }
            fences[count++] = at;
        }
        for (int open = count == 0 ? -1 : (count - 1) / 2 * 2; open >= 0; open -= 2) {
            int start = fences[open] + 3;
            int end = open + 1 < count ? fences[open + 1] : completion.length();
            int infoEnd = start;
            while (infoEnd < end && (Character.isLetterOrDigit(completion.charAt(infoEnd)) || completion.charAt(infoEnd) == '-')) {
                infoEnd++;
            }
            String info = completion.substring(start, infoEnd);
            String content = completion.substring(infoEnd, end).strip();
            boolean json = info.equalsIgnoreCase("json")
                    || info.isEmpty() && (content.startsWith("{") || content.startsWith("["));
            if (json) {
                BoundedJson.Parsed parsed = BoundedJson.parse(content);
                return Optional.of(parsed.ok() ? new JsonAnswer(parsed.value(), Origin.FENCED, null)
                        : rejected("fenced JSON: " + parsed.failure()));
            }
        }
        return Optional.empty();
    }

    private static JsonAnswer lastProseObject(String completion) {
        BraceSpans braces = BraceSpans.scan(completion, PROSE_CANDIDATES);
        if (braces.lastUnclosed() >= 0) {
            // A '{' that never closes is either a stray brace in prose (a syntax error at once) or an
            // answer cut off mid-object (the parse runs into the end): only the second is the answer.
            BoundedJson.Parsed tail = BoundedJson.parseFirst(completion.substring(braces.lastUnclosed()));
            if (!tail.ok() && tail.problem() != BoundedJson.Problem.INVALID) {
                return rejected(tail.failure());
            }
        }
        String firstFailure = null;
        List<int[]> spans = braces.spans();
        for (int i = spans.size() - 1; i >= 0; i--) {
            BoundedJson.Parsed parsed = BoundedJson.parse(completion.substring(spans.get(i)[0], spans.get(i)[1]));
            if (parsed.ok() && parsed.value().isObject()) {
                return new JsonAnswer(parsed.value(), Origin.PROSE, null);
            }
            if (firstFailure == null) {
                firstFailure = parsed.failure();
            }
        }
        return rejected(firstFailure == null ? "no JSON object in the completion" : firstFailure);
    }

    private static JsonAnswer rejected(String reason) {
        return new JsonAnswer(null, null, reason);
    }
}
