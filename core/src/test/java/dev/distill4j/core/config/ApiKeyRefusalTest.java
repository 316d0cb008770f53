package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A credential in a config file is refused, and no message, cause or stack trace ever shows it. */
class ApiKeyRefusalTest {
    private static final String SECRET = "sk-live-4f9a8b7c6d5e4f3a2b1c";

    private static ConfigException errorOf(String yaml) {
        try {
            PipelineConfigLoader.parse(yaml, "tasks.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    /** Everything a log could print about the error: its message and every cause's, with stack traces. */
    private static String everythingPrinted(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text + "\n" + error;
    }

    @Test
    void should_refuse_an_api_key_in_an_endpoint_and_say_where_keys_go() {
        ConfigException error = errorOf("""
                run:
                  name: demo
                tasks:
                  family: arith
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      api_key: %s
                """.formatted(SECRET));

        assertThat(error.line()).isEqualTo(9);
        assertThat(error.column()).isEqualTo(7);
        assertThat(error.field()).isEqualTo("teacher.endpoints[0].api_key");
        assertThat(error.problem()).contains("API keys never go in the config file", "'api_key_env'", "environment variable",
                "'api_key_file'");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_refuse_an_api_key_nested_deeper_under_an_endpoint() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      price:
                        API-KEY: %s
                """.formatted(SECRET));

        assertThat(error.line()).isEqualTo(8);
        assertThat(error.column()).isEqualTo(9);
        assertThat(error.field()).isEqualTo("teacher.endpoints[0].price.API-KEY");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_refuse_an_api_key_before_reporting_a_type_error_that_would_echo_it() {
        // api_key as a number would be a type error quoting the value, were it not refused first.
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      apiKey: [%s]
                """.formatted(SECRET));

        assertThat(error.field()).isEqualTo("teacher.endpoints[0].apiKey");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_not_echo_a_key_written_where_the_variable_name_goes() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      api_key_env: %s
                """.formatted(SECRET));

        assertThat(error.line()).isEqualTo(7);
        assertThat(error.field()).isEqualTo("teacher.endpoints[0].api_key_env");
        assertThat(error.problem()).contains("name of an environment variable", "not the key itself");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_not_echo_a_key_of_the_wrong_type_where_the_variable_name_goes() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      api_key_env: {value: %s}
                """.formatted(SECRET));

        assertThat(error.field()).isEqualTo("teacher.endpoints[0].api_key_env");
        assertThat(error.problem()).isEqualTo("expected a string, got a mapping");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_not_echo_credentials_written_into_the_base_url() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://user:%s@api.example.com/v1
                      model: big
                """.formatted(SECRET));

        assertThat(error.field()).isEqualTo("teacher.endpoints[0].base_url");
        assertThat(error.problem()).contains("without user:password");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_not_echo_a_key_on_a_line_with_a_syntax_error() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      api_key: "%s
                """.formatted(SECRET));

        assertThat(error.problem()).startsWith("invalid YAML");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void should_suggest_the_snake_case_key_for_a_camel_case_variable_name_key() {
        ConfigException error = errorOf("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      apiKeyEnv: PROVIDER_API_KEY
                """);

        assertThat(error.line()).isEqualTo(7);
        assertThat(error.problem()).isEqualTo("unknown key 'apiKeyEnv' (did you mean 'api_key_env'?)");
    }

    @Test
    void should_accept_a_variable_name_and_a_key_file() {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - {name: a, base_url: 'https://a.example.com/v1', model: big, api_key_env: PROVIDER_API_KEY}
                    - {name: b, base_url: 'https://b.example.com/v1', model: big, api_key_file: teacher.key}
                """, "keys.yaml");

        assertThat(config.teacher().endpoints().get(0).apiKeyEnv()).isEqualTo("PROVIDER_API_KEY");
        assertThat(config.teacher().endpoints().get(1).apiKeyFile().getFileName().toString()).isEqualTo("teacher.key");
    }
}
