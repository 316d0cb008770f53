package dev.distill4j.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@link Rubric} from YAML the way {@link PipelineConfigLoader} reads a pipeline: strictly, and every problem
 * as a {@link ConfigException} naming the file, the line and column of the key, and its field path
 * ({@code rubric.yaml:9:7: criteria[1].weight: expected a number > 0, got -1}).
 */
public final class RubricLoader {
    private RubricLoader() {}

    /** @throws ConfigException for a file that does not exist or cannot be read, and for every problem in it */
    public static Rubric load(Path file) {
        String name = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, 0, "", "no such rubric file (looked for " + file.toAbsolutePath().normalize() + ")");
        } catch (MalformedInputException e) {
            throw new ConfigException(name, 0, 0, "", "expected UTF-8 text, got bytes that are not");
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", Files.isDirectory(file) ? "expected a YAML file, got a folder"
                    : "cannot read the file: " + e.getMessage());
        }
        return parse(yaml, name);
    }

    /**
     * Parses rubric text.
     *
     * @param sourceName what messages call the text, usually its file name
     * @throws ConfigException for every problem in it
     */
    public static Rubric parse(String yaml, String sourceName) {
        ConfigSource source = new ConfigSource(sourceName, Path.of(""), ConfigLocations.index(yaml, sourceName,
                "a rubric with at least a 'name' and 'criteria'", "a mapping of keys (name:, criteria:, scale:, ...)"));
        // A rubric has no credentials to hold; one that does was pasted from somewhere it should not have been.
        PipelineConfigLoader.refuseApiKeys(source);
        try {
            return PipelineConfigLoader.YAML.readValue(yaml, Rubric.class);
        } catch (JsonMappingException e) {
            throw BindingErrors.toConfigException(e, source);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), "", "invalid YAML: " + e.getOriginalMessage());
        }
    }
}
