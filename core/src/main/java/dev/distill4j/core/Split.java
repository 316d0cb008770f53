package dev.distill4j.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which side of the train / evaluation wall a task stands on. A task never stands on both. */
public enum Split {
    TRAIN,
    EVAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Split parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "train":
                    return TRAIN;
                case "eval", "test", "validation":
                    return EVAL;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("split: expected 'train' or 'eval', got " + (text == null ? "null" : "'" + text + "'"));
    }
}
