package dev.distill4j.client.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a legacy completions answer to an echo + logprobs request into the teacher's spans of the texts that were
 * sent. Per choice, token {@code t} starts at {@code text_offset[t]} and ends where token {@code t+1} starts (the last
 * token, the generated one, ends after its own text). A token is kept when it starts at or after the text's
 * {@code scoreFrom}, ends within the text, and has a logprob: so the one generated token, a token straddling
 * {@code scoreFrom} and the text's first token (nothing predicts it: its logprob is null) are left out.
 *
 * <p>The offsets are positions in the echoed text, which is the sent text only as far as the teacher's tokenizer gave
 * it back unchanged: a character outside its vocabulary comes back as an unknown-token marker of another length, and
 * every offset after it points elsewhere. So a token is kept only when it ends within the longest common prefix of
 * the echoed and the sent text; past that, the text is simply unscored (gaps the alignment leaves out).
 */
final class EchoedLogprobs {
    private EchoedLogprobs() {}

    /** The answer is not what echo + logprobs gives; {@code echoIgnored} when the server did not score the prompt at all. */
    static final class ShapeException extends RuntimeException {
        final boolean echoIgnored;

        ShapeException(boolean echoIgnored, String message) {
            super(message);
            this.echoIgnored = echoIgnored;
        }
    }

    /** Per sent text, in the order sent, its kept spans. */
    static List<List<ScoredSpan>> read(JsonNode body, List<ScoringText> sent, OffsetUnit unit) {
        JsonNode choices = body == null ? null : body.get("choices");
        if (choices == null || !choices.isArray()) {
            throw malformed("no 'choices' list");
        }
        if (choices.size() != sent.size()) {
            throw malformed("expected " + sent.size() + " choices, one per prompt, got " + choices.size());
        }
        List<ScoredSpan>[] spans = newLists(sent.size());
        for (int c = 0; c < choices.size(); c++) {
            JsonNode index = choices.get(c).get("index");
            // Servers may answer a list prompt's choices in any order; 'index' says which prompt each one scores.
            if (index == null || !index.isIntegralNumber() || !index.canConvertToInt()) {
                throw malformed("choices[" + c + "]: expected an integer 'index', got " + index);
            }
            int i = index.intValue();
            if (i < 0 || i >= sent.size() || spans[i] != null) {
                throw malformed("choices[" + c + "]: 'index' " + i + " is out of [0, " + sent.size() + ") or repeated");
            }
            spans[i] = spansOf(choices.get(c), "choice " + i, sent.get(i), unit);
        }
        return Arrays.asList(spans);
    }

    private static List<ScoredSpan> spansOf(JsonNode choice, String where, ScoringText sent, OffsetUnit unit) {
        JsonNode logprobs = choice.get("logprobs");
        if (logprobs == null || !logprobs.isObject()) {
            throw ignored(where + " has no 'logprobs'");
        }
        JsonNode tokens = logprobs.get("tokens");
        JsonNode values = logprobs.get("token_logprobs");
        JsonNode offsets = logprobs.get("text_offset");
        if (!isArray(values) || !isArray(offsets) || !isArray(tokens)) {
            throw ignored(where + ": 'logprobs' lacks a 'tokens', 'token_logprobs' or 'text_offset' list");
        }
        int n = offsets.size();
        if (values.size() != n || tokens.size() != n) {
            throw malformed(where + ": 'tokens', 'token_logprobs' and 'text_offset' differ in length (" + tokens.size() + ", "
                    + values.size() + ", " + n + ")");
        }
        JsonNode textNode = choice.get("text");
        String echoed = textNode != null && textNode.isTextual() ? textNode.textValue() : "";
        // With echo the first token is the prompt's, which nothing predicts (null); without it, a generated one's number.
        if (n == 0 || !(values.get(0).isNull() || echoed.startsWith(sent.text()))) {
            throw ignored(where + ": the logprobs are those of generated tokens only, not of the prompt");
        }
        int[] starts = starts(offsets, echoed, unit, where);
        String text = sent.text();
        int limit = Math.min(text.length(), commonPrefix(echoed, text));
        List<ScoredSpan> kept = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int start = starts[t];
            long end = t + 1 < n ? starts[t + 1] : (long) start + tokens.get(t).asText().length();
            JsonNode value = values.get(t);
            if (start < sent.scoreFrom() || start >= text.length() || end > limit || value.isNull()) {
                continue;
            }
            if (!value.isNumber() || Double.isNaN(value.doubleValue()) || value.doubleValue() > 0) {
                throw malformed(where + ": token_logprobs[" + t + "] is not a number <= 0: " + value);
            }
            kept.add(new ScoredSpan(start, (int) end, value.doubleValue()));
        }
        return kept;
    }

    /** Each token's start as a UTF-16 offset into {@code echoed}; an offset past its end stays past it. */
    private static int[] starts(JsonNode offsets, String echoed, OffsetUnit unit, String where) {
        int[] starts = new int[offsets.size()];
        long previous = 0;
        // Offsets never decrease, so code points are walked once: chars = the char offset of code point `points`.
        int chars = 0;
        long points = 0;
        for (int t = 0; t < starts.length; t++) {
            JsonNode node = offsets.get(t);
            if (!node.isIntegralNumber() || node.longValue() < previous) {
                throw malformed(where + ": text_offset[" + t + "] is not an integer >= the one before: " + node);
            }
            long offset = node.longValue();
            previous = offset;
            if (unit == OffsetUnit.UTF16) {
                starts[t] = (int) Math.min(offset, Integer.MAX_VALUE);
                continue;
            }
            while (points < offset && chars < echoed.length()) {
                chars += Character.charCount(echoed.codePointAt(chars));
                points++;
            }
            starts[t] = (int) Math.min(chars + (offset - points), Integer.MAX_VALUE);
        }
        return starts;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static boolean isArray(JsonNode node) {
        return node != null && node.isArray();
    }

    @SuppressWarnings("unchecked")
    private static List<ScoredSpan>[] newLists(int n) {
        return (List<ScoredSpan>[]) new List<?>[n];
    }

    private static ShapeException malformed(String message) {
        return new ShapeException(false, message);
    }

    private static ShapeException ignored(String message) {
        return new ShapeException(true, message);
    }
}
