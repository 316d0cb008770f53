package dev.distill4j.client;

/** Tokens a call was billed for, as the server reported them (zero when it reported none). */
public record Usage(long promptTokens, long completionTokens) {
    public static final Usage NONE = new Usage(0, 0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("field 'usage': expected token counts >= 0, got " + promptTokens + " and "
                    + completionTokens);
        }
    }

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
