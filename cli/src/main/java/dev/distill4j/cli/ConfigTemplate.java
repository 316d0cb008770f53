package dev.distill4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A pipeline config shipped beside these classes with {@code ${NAME}} placeholders that a command fills in. */
final class ConfigTemplate {
    private ConfigTemplate() {}

    static String fill(String resource, Map<String, String> values) {
        String yaml;
        try (InputStream in = ConfigTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the config template " + resource + " is missing from the build");
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config template " + resource + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            yaml = yaml.replace("${" + value.getKey() + "}", value.getValue());
        }
        return yaml;
    }
}
