package dev.distill4j.core.config;

/**
 * A pipeline config that cannot be used, pointing at the place to fix:
 * {@code tasks.yaml:12:5: teacher.sampling.temperature: expected a number in [0, 2], got 3.5}.
 *
 * <p>{@link #line()} and {@link #column()} are 1-based; 0 means the problem has no place in the text
 * (a file that does not exist, a config built in code). {@link #field()} is the dotted path with list
 * indexes ({@code teacher.endpoints[1].base_url}), or empty for the file as a whole.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    public ConfigException(String source, int line, int column, String field, String problem) {
        super(render(source, line, column, field, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field == null ? "" : field;
        this.problem = problem;
    }

    public ConfigException(String source, int line, int column, String field, String problem, Throwable cause) {
        super(render(source, line, column, field, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field == null ? "" : field;
        this.problem = problem;
    }

    /** The file as the user named it, or a label such as {@code pipeline config} for one built in code. */
    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String field() {
        return field;
    }

    /** What is wrong and what was expected, without the place. */
    public String problem() {
        return problem;
    }

    private static String render(String source, int line, int column, String field, String problem) {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (field != null && !field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(problem).toString();
    }
}
