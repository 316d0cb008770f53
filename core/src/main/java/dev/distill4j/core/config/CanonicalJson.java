package dev.distill4j.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Path;

/** The one rendering of a config that its hash is taken over: snake_case keys, sorted, defaults included. */
final class CanonicalJson {
    private static final String FOLDER = "distill4j.config.folder";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(new SimpleModule().addSerializer(Path.class, new RelativePathSerializer()))
            .build();

    private CanonicalJson() {}

    static String render(PipelineConfig config) {
        Path folder = config.source() == null ? null : config.source().folder();
        try {
            return JSON.writer().withAttribute(FOLDER, folder).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pipeline config could not be rendered as JSON", e);
        }
    }

    /** Paths relative to the config's folder, with '/' separators: the hash must not depend on the checkout. */
    private static final class RelativePathSerializer extends StdSerializer<Path> {
        RelativePathSerializer() {
            super(Path.class);
        }

        @Override
        public void serialize(Path path, JsonGenerator generator, SerializerProvider provider) throws IOException {
            Path folder = (Path) provider.getAttribute(FOLDER);
            Path shown = folder != null && path.isAbsolute() ? folder.relativize(path) : path;
            generator.writeString(shown.toString().replace('\\', '/'));
        }
    }
}
