package dev.distill4j.core.config;

import java.nio.file.Path;

/**
 * Where a config came from: the file's name as the user gave it, the folder its relative paths
 * resolve against, and where each key sits in it, so that later checks can point at a line.
 *
 * @param name      the file as named on the command line ({@code tasks.yaml}), used in messages
 * @param folder    the absolute folder relative paths in the config resolve against
 * @param locations the line and column of every key
 */
public record ConfigSource(String name, Path folder, ConfigLocations locations) {
    public ConfigSource {
        Fields.text("name", name, "a name for the config's source");
        folder = Fields.required("folder", folder, "a folder").toAbsolutePath().normalize();
        locations = locations == null ? ConfigLocations.NONE : locations;
    }

    /** A config built in code: no file, paths relative to the working folder. */
    public static ConfigSource inCode() {
        return new ConfigSource("pipeline config", Path.of(""), ConfigLocations.NONE);
    }

    /** An error at a field path, placed at the field's key or at the nearest enclosing key the file has. */
    public ConfigException error(String field, String problem) {
        ConfigLocations.Position at = locations.nearest(field);
        return new ConfigException(name, at.line(), at.column(), field, problem);
    }
}
