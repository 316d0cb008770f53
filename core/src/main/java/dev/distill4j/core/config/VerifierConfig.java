package dev.distill4j.core.config;

import dev.distill4j.core.VerifierSpec;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code verifier:} section: who judges the teacher's answers.
 *
 * @param type    {@value #TASK} (default) to use each task's own verifier, or a verifier type that overrides it
 * @param options the overriding verifier's options; none with {@value #TASK}
 */
public record VerifierConfig(String type, Map<String, Object> options) {
    /** The type that keeps each task's own verifier. */
    public static final String TASK = "task";

    public VerifierConfig {
        type = type == null ? TASK : Fields.text("type", type, "'task' or a verifier type such as 'integer'");
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
        if (type.equals(TASK) && !options.isEmpty()) {
            throw new InvalidFieldException("options", "expected no options with type 'task' (each task's own verifier"
                    + " keeps its options), got " + options.keySet());
        }
    }

    /** Each task's own verifier judges its answers. */
    public static VerifierConfig perTask() {
        return new VerifierConfig(TASK, Map.of());
    }

    /** The verifier that replaces every task's own, or empty when each task keeps its own. */
    public Optional<VerifierSpec> override() {
        return type.equals(TASK) ? Optional.empty() : Optional.of(VerifierSpec.of(type, options));
    }
}
