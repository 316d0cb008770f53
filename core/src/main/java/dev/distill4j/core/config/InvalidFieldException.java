package dev.distill4j.core.config;

/**
 * A config record refused a value. It names the field in the YAML's own words ({@code temperature},
 * {@code endpoints[1].name}, relative to the record that threw), so that the loader can join it to the
 * path of the enclosing object and point at the line of the offending key rather than at the object.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        super("field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The key, relative to the record that threw: {@code temperature}, {@code endpoints[0].name}. */
    public String field() {
        return field;
    }

    /** What was expected and what was found: {@code expected a number in [0, 2], got 3.5}. */
    public String problem() {
        return problem;
    }
}
