package dev.distill4j.client;

import dev.distill4j.core.config.EndpointConfig;
import java.net.URI;
import java.time.Duration;

/**
 * One OpenAI-compatible server the teacher is asked through, as the client uses it.
 *
 * @param name              how failures and rows name it
 * @param baseUrl           the API root, such as {@code http://127.0.0.1:8000/v1}
 * @param model             the model name sent with each request
 * @param apiKey            where its key is found, or null for a server that wants none
 * @param weight            its share of the load relative to the other endpoints (> 0)
 * @param requestsPerMinute its request rate limit, or null for none
 * @param tokensPerMinute   its token rate limit, or null for none
 * @param timeout           how long one attempt may take
 */
public record TeacherEndpoint(
        String name,
        URI baseUrl,
        String model,
        ApiKeySource apiKey,
        double weight,
        Integer requestsPerMinute,
        Integer tokensPerMinute,
        Duration timeout) {
    public TeacherEndpoint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field 'name': expected a non-empty endpoint name, got " + (name == null ? "null" : "''"));
        }
        // user:password@host is a credential: refuse it before anything could print the URL.
        if (baseUrl != null && baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("field 'base_url': expected a URL without user:password; the value is not shown");
        }
        String scheme = baseUrl == null ? null : baseUrl.getScheme();
        if (baseUrl == null || baseUrl.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("field 'base_url': expected an http or https URL, got " + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("field 'model': expected the model name the endpoint serves, got " + model);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("field 'weight': expected a finite number > 0, got " + weight);
        }
        requireNullOrPositive(requestsPerMinute, "requests_per_minute");
        requireNullOrPositive(tokensPerMinute, "tokens_per_minute");
        if (timeout == null || !timeout.isPositive()) {
            throw new IllegalArgumentException("field 'timeout': expected a positive duration, got " + timeout);
        }
    }

    /** The endpoint a run's configuration describes. */
    public static TeacherEndpoint from(EndpointConfig config) {
        ApiKeySource key = config.apiKeyEnv() != null ? ApiKeySource.environment(config.apiKeyEnv())
                : config.apiKeyFile() != null ? ApiKeySource.file(config.apiKeyFile()) : null;
        return new TeacherEndpoint(config.name() == null ? "endpoint-0" : config.name(), config.baseUrl(), config.model(), key,
                config.weight(), config.requestsPerMinute(), config.tokensPerMinute(), config.timeout());
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireNullOrPositive(Integer value, String field) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("field '" + field + "': expected a number >= 1 or none, got " + value);
        }
    }

    /** Defaults: weight 1, no rate limits, no key, 60 s per attempt; {@link #build()} validates. */
    public static final class Builder {
        private String name = "endpoint-0";
        private String baseUrl;
        private String model;
        private ApiKeySource apiKey;
        private double weight = 1.0;
        private Integer requestsPerMinute;
        private Integer tokensPerMinute;
        private Duration timeout = Duration.ofSeconds(60);

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder apiKey(ApiKeySource apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder weight(double weight) {
            this.weight = weight;
            return this;
        }

        public Builder requestsPerMinute(Integer requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        public Builder tokensPerMinute(Integer tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public TeacherEndpoint build() {
            if (baseUrl == null) {
                throw new IllegalArgumentException("field 'base_url': expected an http or https URL, got nothing");
            }
            URI url;
            try {
                url = new URI(baseUrl.strip());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("field 'base_url': expected an http or https URL, got '" + baseUrl + "'");
            }
            return new TeacherEndpoint(name, url, model, apiKey, weight, requestsPerMinute, tokensPerMinute, timeout);
        }
    }
}
