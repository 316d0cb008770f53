package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The size of a student built from scratch, used when no initial checkpoint is given. */
public enum StudentPreset {
    TINY,
    SMALL,
    BASE;

    /** The name in config files: {@code tiny}, {@code small}, {@code base}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
