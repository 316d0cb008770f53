package dev.distill4j.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a pipeline config from YAML. Every problem comes out as a {@link ConfigException} naming the file,
 * the line and column of the offending key, its field path and what was expected.
 *
 * <p>The steps: index where every key is (which also catches invalid YAML, an empty file and duplicate
 * keys); refuse API keys before anything could echo them; bind with Jackson, strictly; resolve relative
 * paths against the file's folder. Checks that need the registries of task families and verifiers are
 * {@link ConfigCheck}'s.
 */
public final class PipelineConfigLoader {
    /**
     * Strict on purpose: a typo or a quoted number in a config is a mistake to report, not to guess at
     * ({@code n: 2.5} must not become 2, {@code logprobs: 1} must not become true).
     */
    static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    private PipelineConfigLoader() {}

    /**
     * Loads and validates a config file; relative paths in it resolve against its folder.
     *
     * @throws ConfigException for a file that does not exist or cannot be read, and for every problem in it
     */
    public static PipelineConfig load(Path file) {
        String name = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, 0, "", "no such file (looked for " + file.toAbsolutePath().normalize() + ")");
        } catch (MalformedInputException e) {
            throw new ConfigException(name, 0, 0, "", "expected UTF-8 text, got bytes that are not");
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", Files.isDirectory(file) ? "expected a YAML file, got a folder"
                    : "cannot read the file: " + e.getMessage());
        }
        return parse(yaml, name, file.toAbsolutePath().normalize().getParent());
    }

    /** Parses config text whose relative paths resolve against the working folder; for tests and tools. */
    public static PipelineConfig parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, Path.of(""));
    }

    /**
     * Parses config text.
     *
     * @param sourceName what messages call the text, usually its file name
     * @param folder     the folder relative paths in it resolve against
     * @throws ConfigException for every problem in it
     */
    public static PipelineConfig parse(String yaml, String sourceName, Path folder) {
        ConfigSource source = new ConfigSource(sourceName, folder, ConfigLocations.index(yaml, sourceName));
        refuseApiKeys(source);
        PipelineConfig config;
        try {
            config = YAML.readValue(yaml, PipelineConfig.class);
        } catch (JsonMappingException e) {
            throw BindingErrors.toConfigException(e, source);
        } catch (JsonProcessingException e) {
            // The index already read the whole text, so the parser has nothing left to object to; keep the place anyway.
            throw new ConfigException(sourceName, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), "", "invalid YAML: " + e.getOriginalMessage());
        }
        return config.withSource(source);
    }

    /**
     * A key in a config file is a leaked key: config files get committed, shared and copied. Refused before
     * binding, so that no message from any later step can show the value.
     */
    static void refuseApiKeys(ConfigSource source) {
        for (String path : source.locations().paths()) {
            String key = ConfigLocations.lastKey(path);
            if (ConfigLocations.namesCredential(key) && !ConfigLocations.namesCredentialSource(key)) {
                throw source.error(path, "API keys never go in the config file (config files get committed and shared);"
                        + " set 'api_key_env' to the name of an environment variable that holds the key, or 'api_key_file'"
                        + " to the path of a file that holds it. The value is not shown here.");
            }
        }
    }
}
