package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/**
 * What the loader relies on Jackson doing. If an upgrade changes any of this, error positions and
 * did-you-mean suggestions go wrong quietly; these tests make it loud.
 */
class JacksonBindingBehaviourTest {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static JsonMappingException bindError(String yaml) {
        try {
            YAML.readValue(yaml, TeacherConfig.class);
        } catch (JsonMappingException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected Jackson to refuse:\n" + yaml);
    }

    @Test
    void should_report_a_value_refused_by_a_constructor_at_the_enclosing_object_and_a_later_line() {
        JsonMappingException error = bindError("""
                endpoints:
                  - {base_url: 'http://a/v1', model: m}
                sampling:
                  temperature: 3.5
                  n: 2
                """);

        // Why the loader keeps its own index: Jackson names the object, not the key, and its line is past both.
        assertThat(error).isInstanceOf(ValueInstantiationException.class);
        assertThat(BindingErrors.pathOf(error.getPath())).isEqualTo("sampling");
        assertThat(error.getLocation().getLineNr()).isNotEqualTo(4);
        assertThat(error.getCause()).isInstanceOfSatisfying(InvalidFieldException.class,
                invalid -> assertThat(invalid.field()).isEqualTo("temperature"));
    }

    @Test
    void should_list_the_known_keys_of_a_builder_in_snake_case() {
        JsonMappingException error = bindError("""
                endpoints:
                  - {base_url: 'http://a/v1', model: m}
                sampling:
                  max_token: 3
                """);

        assertThat(error).isInstanceOfSatisfying(UnrecognizedPropertyException.class, unknown -> {
            assertThat(unknown.getPropertyName()).isEqualTo("max_token");
            assertThat(unknown.getKnownPropertyIds()).map(String::valueOf).contains("max_tokens", "top_p", "top_logprobs");
        });
        assertThat(BindingErrors.pathOf(error.getPath())).isEqualTo("sampling.max_token");
    }

    @Test
    void should_index_list_elements_in_the_path() {
        JsonMappingException error = bindError("""
                endpoints:
                  - {base_url: 'http://a/v1', model: m}
                  - {base_url: 'http://b/v1', model: m, weight: heavy}
                """);

        assertThat(BindingErrors.pathOf(error.getPath())).isEqualTo("endpoints[1].weight");
    }
}
