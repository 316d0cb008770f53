package dev.distill4j.core.verify;

import dev.distill4j.core.VerifierSpec;
import java.util.Set;

/**
 * The plug-in point for verifiers, found through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.distill4j.core.verify.VerifierProvider} of a jar on the class path.
 */
public interface VerifierProvider {
    /** The name used in task files: {@code {"verifier": {"type": "<name>"}}}. */
    String type();

    /** The option names this verifier accepts; any other option is an error. */
    Set<String> options();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * A verifier for the spec. Called once per distinct spec, so parsing options here is cheap.
     *
     * @throws IllegalArgumentException naming the option and what was expected, when an option is invalid
     */
    Verifier create(VerifierSpec spec);
}
