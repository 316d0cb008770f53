package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How many samples each task gets: see {@link StrategyConfig}. */
public enum StrategyKind {
    /** {@code samples} per task, verdicts unread: the plain RL-style group. */
    FIXED,
    /** Sample until {@code verified} pass, at most {@code max_samples}: rejection sampling with a ceiling. */
    UNTIL_VERIFIED,
    /** Estimate each task's pass rate first, spend on the hard-but-solvable, give up on the never-solved. */
    DIFFICULTY;

    /** The name in config files: {@code fixed}, {@code until_verified}, {@code difficulty}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
