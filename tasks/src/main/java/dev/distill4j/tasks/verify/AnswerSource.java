package dev.distill4j.tasks.verify;

import java.util.List;
import java.util.Locale;

/** Where a verifier takes the answer from: the verifiers' {@code extract} option. */
public enum AnswerSource {
    /** The text after the last final-answer marker; without one, the last number (or last non-blank line). */
    FINAL_LINE,
    /** The last number anywhere in the completion, markers or not. */
    LAST_NUMBER,
    /** The whole completion. */
    WHOLE;

    static final String OPTION = "extract";

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> optionValues() {
        return java.util.Arrays.stream(values()).map(AnswerSource::optionValue).toList();
    }

    static AnswerSource from(VerifierOptions options) {
        String value = options.oneOf(OPTION, FINAL_LINE.optionValue(), optionValues());
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
