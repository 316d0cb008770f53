package dev.distill4j.tasks.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON parsing for untrusted model output. Limits keep a hostile answer cheap to reject: nesting deeper than
 * {@link #MAX_DEPTH} fails at once (10^5 levels would otherwise cost a deep recursion), numbers longer than
 * {@link NumberToken#MAX_NUMERIC_LENGTH} digits are refused, duplicate keys are an error (which of two
 * "total" fields would be the answer?). Decimals stay exact BigDecimals, spelled as written.
 */
public final class BoundedJson {
    public static final int MAX_DEPTH = 64;

    /** Why a parse failed; truncation and limits say something about the answer, a syntax error may be prose. */
    public enum Problem { TRUNCATED, BEYOND_LIMITS, INVALID }

    /** The outcome of a parse: the value, or a problem and a short reason. */
    public record Parsed(JsonNode value, Problem problem, String failure) {
        public boolean ok() {
            return value != null;
        }

        static Parsed failed(Problem problem, String failure) {
            return new Parsed(null, problem, failure);
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(NumberToken.MAX_NUMERIC_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final ObjectReader WHOLE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader FIRST = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BoundedJson() {}

    /** Parses text that must hold exactly one JSON value. */
    public static Parsed parse(String json) {
        return read(WHOLE, json);
    }

    /** Parses the first JSON value of the text and ignores what follows it ("{...} is my answer."). */
    public static Parsed parseFirst(String json) {
        return read(FIRST, json);
    }

    /** Compact JSON text of a value. */
    public static String write(JsonNode value) {
        return value.toString();
    }

    private static Parsed read(ObjectReader reader, String json) {
        try {
            JsonNode value = reader.readTree(json);
            if (value == null || value.isMissingNode()) {
                return Parsed.failed(Problem.INVALID, "empty JSON");
            }
            return new Parsed(value, null, null);
        } catch (StreamConstraintsException e) {
            return Parsed.failed(Problem.BEYOND_LIMITS, "JSON beyond limits (depth " + MAX_DEPTH + ", numbers "
                    + NumberToken.MAX_NUMERIC_LENGTH + " digits): " + AnswerText.clip(e.getOriginalMessage(), 120));
        } catch (JsonEOFException e) {
            return Parsed.failed(Problem.TRUNCATED, "truncated JSON (input ends inside a value)");
        } catch (JsonProcessingException e) {
            return Parsed.failed(Problem.INVALID, "invalid JSON: " + AnswerText.clip(firstLine(e.getOriginalMessage()), 120));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
