package dev.distill4j.curate.export;

import java.util.Arrays;
import java.util.Locale;

/** The dataset formats curation exports to, by their command-line names. */
public enum ExportFormat {
    /**
     * OpenAI's fine-tuning chat format: one {@code {"messages": [{"role", "content"}, ...]}} per line and nothing else,
     * the shape OpenAI's fine-tuning guide shows (provenance does not travel in this format).
     */
    CHAT_JSONL("chat-jsonl"),
    /** Hugging Face {@code messages} JSONL: the {@code messages} column plus one column per provenance field. */
    HF_JSONL("hf-jsonl"),
    /** Parquet, the same columns as {@link #HF_JSONL}, {@code messages} as a list of {@code STRUCT(role, content)}. */
    PARQUET("parquet");

    private final String wireName;

    ExportFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ExportFormat parse(String name) {
        for (ExportFormat format : values()) {
            if (format.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("field 'format': expected one of "
                + Arrays.stream(values()).map(ExportFormat::wireName).toList() + ", got '" + name + "'");
    }
}
