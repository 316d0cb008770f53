package dev.distill4j.tasks.verify;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** Hostile completions and references that every verifier must survive; built once, shared by all. */
final class AdversarialCorpus {
    private AdversarialCorpus() {}

    static final String MILLION_DIGITS = "9".repeat(1_000_000);
    static final String TEN_MEGABYTES = tenMegabytes();

    private static String tenMegabytes() {
        String sentence = "The shipment of 1,234 items {arrived} on 2024-03-05 for $56.78 \"quoted\". ";
        StringBuilder out = new StringBuilder(10_000_100);
        while (out.length() < 10_000_000) {
            out.append(sentence);
        }
        return out.append("\nAnswer: 42").toString();
    }

    static Stream<Named<String>> completions() {
        String deepObject = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        return VerifierContractTest.named(
                "null completion", null,
                "empty string", "",
                "only whitespace", " \n\t ".repeat(250_000),
                "two candidate numbers", "Answer: 12 or 13",
                "Arabic-Indic digits", "Answer: ٤٢",
                "full-width digits", "Answer: ４２",
                "thousands separators", "Answer: 1,234,567 and 1 234 567 and 1_234",
                "a million-digit number", "Answer: " + MILLION_DIGITS,
                "a million-digit number without a marker", MILLION_DIGITS,
                "a grouped number of a million characters", "Answer: 1" + ",000".repeat(250_000),
                "truncated JSON", "Answer: {\"total\": 12, \"date\": \"2024-",
                "truncated fenced JSON", "```json\n{\"total\": 12, \"items\": [1, 2",
                "JSON nested 10^5 levels", deepObject,
                "JSON nested 10^5 levels on the answer line", "Answer: " + deepObject,
                "arrays nested 10^5 levels", "Answer: " + "[".repeat(100_000) + "]".repeat(100_000),
                "unclosed braces", "{".repeat(1_000_000),
                "closing braces", "}".repeat(1_000_000),
                "many empty objects", "{}".repeat(500_000),
                "quotes inside a brace", "{" + "\"".repeat(1_000_000),
                "a 10 MB completion", TEN_MEGABYTES,
                "a 10 MB line without a marker", "x1 ".repeat(3_400_000),
                "null bytes", "Answer: 4\u00002\u0000 {\"a\u0000\": 1}",
                "lone surrogates", "Answer: \uD800 42 \uDFFF {\"a\": \"\uDC00\"} \uD800",
                "many answer markers", "Answer: 1\n".repeat(100_000),
                "answer marker before a million spaces", "answer" + " ".repeat(1_000_000) + "is",
                "unclosed boxed", "\\boxed{".repeat(100_000),
                "many fences", "```".repeat(100_000),
                "many hash lines", "#### \n".repeat(100_000),
                "catastrophic-regex bait", "a".repeat(50_000) + "!",
                "huge exponents", "Answer: 1e999999999 1e-999999999",
                "exponent beyond int", "Answer: 1e99999999999999999999",
                "zero denominator", "Answer: 1/0",
                "many minus signs", "-".repeat(1_000_000) + "5",
                "many dots", ".".repeat(1_000_000) + "5",
                "many decimals", "1.".repeat(500_000),
                "comma-separated ones", "1,".repeat(1_000_000),
                "duplicate JSON keys", "Answer: {\"total\": 1, \"total\": 2}",
                "choices hedged", "Answer: A or B, maybe C or D");
    }

    static Stream<Named<String>> references() {
        return VerifierContractTest.named(
                "empty", "",
                "a million digits", MILLION_DIGITS,
                "not JSON", "{\"total\": ",
                "deep JSON", "[".repeat(100_000),
                "lone surrogate", "\uD800",
                "null byte", "\u0000");
    }
}
