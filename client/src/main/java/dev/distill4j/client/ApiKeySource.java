package dev.distill4j.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where an endpoint's API key is found: an environment variable or a file. The record holds only the place,
 * never the key, so printing an endpoint cannot leak it.
 *
 * @param environmentVariable the variable's name, or null
 * @param file                a file whose first line is the key, or null; exactly one of the two is set
 */
public record ApiKeySource(String environmentVariable, Path file) {
    public ApiKeySource {
        if ((environmentVariable == null) == (file == null)) {
            throw new IllegalArgumentException("field 'api_key': expected exactly one of an environment variable name and a file");
        }
        if (environmentVariable != null && !environmentVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // Never echo the value: it may be the key itself, pasted in the wrong place.
            throw new IllegalArgumentException("field 'api_key_env': expected the name of an environment variable, not the key;"
                    + " the value is not shown");
        }
    }

    public static ApiKeySource environment(String name) {
        return new ApiKeySource(name, null);
    }

    public static ApiKeySource file(Path file) {
        return new ApiKeySource(null, Objects.requireNonNull(file, "file"));
    }

    /** The key, read now from the process environment or the file. */
    public String resolve() {
        return resolve(System::getenv);
    }

    /** The key, with {@code environment} standing in for the process environment. */
    public String resolve(UnaryOperator<String> environment) {
        String key = environmentVariable != null ? environment.apply(environmentVariable) : read(file);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("no API key: " + describe() + " is empty or unset");
        }
        return key.strip();
    }

    /** Where the key comes from, in words; safe to print. */
    public String describe() {
        return environmentVariable != null ? "environment variable " + environmentVariable : "file " + file;
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline);
        } catch (IOException e) {
            // The exception names the path only; its message never holds file content.
            throw new IllegalStateException("cannot read the API key file " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
