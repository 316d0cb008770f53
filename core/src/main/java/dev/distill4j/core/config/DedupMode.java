package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How curation removes duplicate completions before training. */
public enum DedupMode {
    /** Keep every accepted completion. */
    NONE,
    /** Drop completions identical to one already kept. */
    EXACT,
    /** Also drop near duplicates: n-gram Jaccard similarity at or above {@code near_dup_jaccard}. */
    NEAR;

    /** The name in config files: {@code none}, {@code exact}, {@code near}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
