package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The size of a student built from scratch, used when no initial checkpoint is given. */
public enum StudentPreset {
    /** About 0.1 million parameters: the sample-efficiency study's students. */
    MICRO,
    /** About 0.4 million parameters. */
    TINY,
    /** About 1.3 million parameters. */
    SMALL,
    BASE;

    /** The name in config files: {@code micro}, {@code tiny}, {@code small}, {@code base}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
