package dev.distill4j.client.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.config.Rubric;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Holds a judge's reply to the output format: one JSON object (alone, in a code fence, or amid prose), with an integer
 * in the rubric's scale for every criterion and a short reason; for a pairwise comparison, a winner of A, B or tie.
 * Anything else is unusable, with a kind and a reason that say what was wrong.
 */
final class JudgmentParser {
    /** Reasons are for people reading verdicts: a judge that writes an essay is cut to this. */
    static final int MAX_REASON_CHARS = 500;

    /** What judges say when they decline; matched only when the reply holds no JSON object at all. */
    private static final Pattern REFUSAL = Pattern.compile("\\b(i can(no|')t|i am unable|i'm unable|i won't|i will not|i'm sorry|i am sorry"
            + "|as an ai|unable to (help|assist|comply|evaluate|judge|grade))\\b", Pattern.CASE_INSENSITIVE);

    /** Why a reply could not be used. */
    enum Problem {
        /** No JSON object, or one that does not parse. */
        UNPARSABLE,
        /** Cut off at the token limit before its JSON ended. */
        TRUNCATED,
        /** A JSON object that breaks the format or the rubric (a missing criterion, a score out of scale). */
        INVALID,
        /** The judge declined. */
        REFUSAL;

        String kind() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A reply held to the format: either usable, with its value, or not, with why. */
    sealed interface Parsed<T> permits Usable, Unusable {}

    record Usable<T>(T value) implements Parsed<T> {}

    record Unusable<T>(Problem problem, String reason) implements Parsed<T> {}

    /** Scores per criterion and the judge's reason. */
    record Scores(Map<String, Integer> scores, String reason) {}

    /** Which of two answers won, as the judge saw them: A is the one shown first. */
    enum Preference {
        A, B, TIE
    }

    record Comparison(Preference winner, String reason) {}

    private final Rubric rubric;

    JudgmentParser(Rubric rubric) {
        this.rubric = rubric;
    }

    Parsed<Scores> scores(String reply, String finishReason) {
        Parsed<JsonNode> object = object(reply, finishReason);
        if (!(object instanceof Usable<JsonNode>(JsonNode json))) {
            return retyped(object);
        }
        JsonNode scores = json.get("scores");
        if (scores == null || !scores.isObject()) {
            return invalid("expected a \"scores\" object with a score per criterion, got " + kind(scores));
        }
        Map<String, Integer> byCriterion = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = scores.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode score = field.getValue();
            // 4 and 4.0 are the integer 4; 4.5, "4" and a 20-digit number are not scores on a scale.
            if (!score.isNumber() || score.asDouble() != Math.rint(score.asDouble()) || !score.canConvertToInt()) {
                return invalid("scores." + clip(field.getKey(), 40) + ": expected an integer in " + rubric.scale() + ", got "
                        + clip(score.toString(), 40));
            }
            byCriterion.put(field.getKey(), score.asInt());
        }
        String problem = rubric.problemWithScores(byCriterion);
        if (problem != null) {
            return invalid("scores: " + problem);
        }
        Parsed<String> reason = reason(json);
        if (reason instanceof Unusable<String> unusable) {
            return invalid(unusable.reason());
        }
        return new Usable<>(new Scores(byCriterion, ((Usable<String>) reason).value()));
    }

    Parsed<Comparison> comparison(String reply, String finishReason) {
        Parsed<JsonNode> object = object(reply, finishReason);
        if (!(object instanceof Usable<JsonNode>(JsonNode json))) {
            return retyped(object);
        }
        JsonNode winner = json.get("winner");
        Preference preference = winner == null || !winner.isTextual() ? null : switch (winner.asText().strip().toUpperCase(Locale.ROOT)) {
            case "A" -> Preference.A;
            case "B" -> Preference.B;
            case "TIE" -> Preference.TIE;
            default -> null;
        };
        if (preference == null) {
            return invalid("expected \"winner\" to be \"A\", \"B\" or \"tie\", got " + (winner == null ? "nothing" : clip(winner.toString(), 40)));
        }
        Parsed<String> reason = reason(json);
        if (reason instanceof Unusable<String> unusable) {
            return invalid(unusable.reason());
        }
        return new Usable<>(new Comparison(preference, ((Usable<String>) reason).value()));
    }

    /** The one JSON object in a reply: the whole reply, a fenced block, or the span from the first '{' to the last '}'. */
    private static Parsed<JsonNode> object(String reply, String finishReason) {
        String text = reply == null ? "" : reply.strip();
        int open = text.indexOf('{');
        if (open < 0) {
            if (REFUSAL.matcher(text).find()) {
                return new Unusable<>(Problem.REFUSAL, "the judge declined: " + quote(text));
            }
            boolean cut = "length".equals(finishReason);
            return new Unusable<>(cut ? Problem.TRUNCATED : Problem.UNPARSABLE, (cut ? "cut off at max_tokens before any JSON: "
                    : "no JSON object in the reply: ") + quote(text));
        }
        int close = text.lastIndexOf('}');
        String candidate = close > open ? text.substring(open, close + 1) : text.substring(open);
        try {
            JsonNode json = Json.MAPPER.readTree(candidate);
            if (json == null || !json.isObject()) {
                return new Unusable<>(Problem.UNPARSABLE, "expected one JSON object, got " + kind(json));
            }
            return new Usable<>(json);
        } catch (JsonProcessingException e) {
            boolean cut = "length".equals(finishReason) || close < open;
            return new Unusable<>(cut ? Problem.TRUNCATED : Problem.UNPARSABLE, (cut ? "the JSON object is cut off: " : "the JSON object"
                    + " does not parse: ") + clip(String.valueOf(e.getOriginalMessage()), 120));
        }
    }

    private static Parsed<String> reason(JsonNode json) {
        JsonNode reason = json.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            return new Unusable<>(Problem.INVALID, "expected a \"reason\" string, got " + kind(reason));
        }
        return new Usable<>(clip(reason.asText().strip(), MAX_REASON_CHARS));
    }

    private static <T> Unusable<T> retyped(Parsed<?> unusable) {
        Unusable<?> same = (Unusable<?>) unusable;
        return new Unusable<>(same.problem(), same.reason());
    }

    private static <T> Unusable<T> invalid(String reason) {
        return new Unusable<>(Problem.INVALID, reason);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.isObject() ? "an object" : node.isArray() ? "a list" : node.isTextual() ? "a string" : node.isNumber() ? "a number"
                : node.isBoolean() ? "true or false" : "null";
    }

    private static String quote(String text) {
        return text.isEmpty() ? "(empty)" : "'" + clip(text.replaceAll("\\s+", " "), 80) + "'";
    }

    static String clip(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars - 3) + "...";
    }
}
