package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The {@code teacher.batch} section: read from YAML, defaults filled in, bad values refused at their line. */
class BatchConfigTest {
    private static final String HEAD = """
            run: {name: demo}
            tasks: {family: arith}
            teacher:
              endpoints:
                - {name: local, base_url: 'http://127.0.0.1:8000/v1', model: teacher-arith}
                - {name: provider, base_url: 'https://api.example.com/v1', model: big, price: {input_per_mtok: 2.0, output_per_mtok: 8.0}}
            """;

    private static ConfigException errorOf(String batch) {
        try {
            PipelineConfigLoader.parse(HEAD + batch, "p.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + batch);
    }

    @Test
    void should_read_every_key_and_send_batches_to_the_named_endpoint_at_the_discounted_price() {
        TeacherConfig teacher = PipelineConfigLoader.parse(HEAD + """
                  batch:
                    enabled: true
                    endpoint: provider
                    poll_seconds: 5
                    max_poll_seconds: 60
                    completion_window: 24h
                    discount: 0.25
                    max_requests: 1000
                """, "p.yaml").teacher();

        assertThat(teacher.batch()).isEqualTo(new BatchConfig(true, "provider", 5, 60, "24h", 0.25, 1000));
        assertThat(teacher.batchEndpoint().name()).isEqualTo("provider");
        PriceConfig price = teacher.batch().batchPrice(teacher.batchEndpoint().price());
        assertThat(price.inputPerMtok()).isCloseTo(1.5, within(1e-12));
        assertThat(price.outputPerMtok()).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void should_leave_batches_off_and_use_the_first_endpoint_at_half_price_by_default() {
        TeacherConfig teacher = PipelineConfigLoader.parse(HEAD, "p.yaml").teacher();

        assertThat(teacher.batch().enabled()).isFalse();
        assertThat(teacher.batch()).isEqualTo(new BatchConfig(false, null, 10, 300, "24h", 0.5, 50_000));
        assertThat(teacher.batchEndpoint().name()).isEqualTo("local");
        assertThat(teacher.withBatch(teacher.batch().enable()).batch().enabled()).isTrue();
    }

    @Test
    void should_refuse_a_discount_of_the_whole_price_at_its_line() {
        ConfigException error = errorOf("""
                  batch:
                    discount: 1.0
                """);

        assertThat(error.getMessage()).isEqualTo("p.yaml:8:5: teacher.batch.discount: expected a number in [0, 1), got 1");
    }

    @Test
    void should_name_the_endpoints_when_batches_go_to_an_unknown_one() {
        ConfigException error = errorOf("""
                  batch:
                    endpoint: elsewhere
                """);

        assertThat(error.getMessage()).contains("teacher.batch.endpoint").contains("local, provider").contains("'elsewhere'");
    }

    @Test
    void should_refuse_a_longest_poll_shorter_than_the_first() {
        ConfigException error = errorOf("""
                  batch:
                    poll_seconds: 30
                    max_poll_seconds: 10
                """);

        assertThat(error.getMessage()).isEqualTo("p.yaml:9:5: teacher.batch.max_poll_seconds: expected a number >= poll_seconds (30), got 10");
    }
}
