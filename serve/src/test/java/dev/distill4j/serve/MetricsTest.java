package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} in the Prometheus text format, with figures worked out from the requests the test sent. */
class MetricsTest {
    @Test
    void should_count_requests_tokens_and_latency_and_show_the_kv_cache_bound() {
        // 2 rows of 1,024 + 256 columns fit in 3,000 tokens: the cache's token bound lowers the batch from 8 to 2 rows.
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(8).kvCacheTokens(3000L))) {
            JsonNode first = Http.post(server, "/v1/completions", "{\"prompt\": \"12+34=\", \"max_tokens\": 5, \"temperature\": 0}", null).json();
            JsonNode second = Http.post(server, "/v1/completions", "{\"prompt\": \"9*9=\", \"max_tokens\": 3, \"n\": 2, \"ignore_eos\": true}", null).json();
            assertThat(Http.post(server, "/v1/completions", "{\"prompt\": 5}", null).status()).isEqualTo(400);

            String text = Http.get(server, "/metrics", null).body();
            assertThat(text).contains("# TYPE distill_requests_total counter").contains("# TYPE distill_request_latency_seconds histogram");
            assertThat(Http.metric(server, "distill_requests_total{endpoint=\"/v1/completions\",status=\"200\"}")).isEqualTo(2);
            assertThat(Http.metric(server, "distill_requests_total{endpoint=\"/v1/completions\",status=\"400\"}")).isEqualTo(1);
            assertThat(Http.metric(server, "distill_prompt_tokens_total"))
                    .isEqualTo(first.path("usage").path("prompt_tokens").asInt() + second.path("usage").path("prompt_tokens").asInt()).isEqualTo(6 + 4);
            assertThat(Http.metric(server, "distill_completion_tokens_total"))
                    .isEqualTo(first.path("usage").path("completion_tokens").asInt() + second.path("usage").path("completion_tokens").asInt())
                    .isEqualTo(5 + 2 * 3);
            // The first token of each of the 3 choices comes from its prefill pass, every later one from a decoding step:
            // 4 steps of the first request's row, then 2 steps of the second request's 2 rows (joined in one pass).
            assertThat(Http.metric(server, "distill_decode_rows_total")).isEqualTo(5 + 2 * 3 - 3);
            assertThat(Http.metric(server, "distill_decode_steps_total")).isEqualTo(4 + 2);
            assertThat(Http.metric(server, "distill_prefill_passes_total")).isEqualTo(2);
            assertThat(Http.metric(server, "distill_request_latency_seconds_count")).isEqualTo(2);
            assertThat(Http.metric(server, "distill_request_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2);
            assertThat(Http.metric(server, "distill_batch_rows")).isEqualTo(2);
            assertThat(Http.metric(server, "distill_kv_cache_capacity_tokens")).isEqualTo(2 * (1024 + 256));
            assertThat(Http.metric(server, "distill_kv_cache_used_tokens")).isZero();
            assertThat(Http.metric(server, "distill_queue_rows")).isZero();
            // teacher-arith: 4 layers x (keys + values) x 2 KV heads x 64 dims x 4 bytes = 4 KiB per token.
            assertThat(OpenAiServer.kvCacheTokensIn(Teacher.model(), 10)).isEqualTo(10 * 1024 * 1024 / 4096);
        }
    }
}
