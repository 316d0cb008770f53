package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One OpenAI-compatible server the teacher is asked through: a provider API, a vLLM or SGLang node,
 * or the project's own {@code serve}.
 *
 * <p>The API key never appears here, only where to find it: config files get committed, shared and
 * copied into run folders, and a key in one is a leaked key.
 *
 * @param name              how rows and logs name the endpoint; null until placed in a {@link TeacherConfig},
 *                          which names it {@code endpoint-<index>}
 * @param baseUrl           the API root, such as {@code http://127.0.0.1:8000/v1} (required)
 * @param model             the model name sent with each request (required)
 * @param apiKeyEnv         the environment variable holding the key, or null
 * @param apiKeyFile        a file holding the key, or null; at most one of the two
 * @param weight            share of the load relative to the other endpoints (default 1, > 0)
 * @param maxConcurrency    requests in flight at once (default 64, >= 1)
 * @param requestsPerMinute the endpoint's request rate limit, or null for none
 * @param tokensPerMinute   the endpoint's token rate limit, or null for none
 * @param timeoutSeconds    how long one attempt may take (default 60, > 0)
 * @param price             what the endpoint charges (default free)
 */
@JsonDeserialize(builder = EndpointConfig.Builder.class)
public record EndpointConfig(
        String name,
        URI baseUrl,
        String model,
        String apiKeyEnv,
        Path apiKeyFile,
        double weight,
        int maxConcurrency,
        Integer requestsPerMinute,
        Integer tokensPerMinute,
        double timeoutSeconds,
        PriceConfig price) {
    private static final String URL_EXPECTED = "an http or https URL such as http://127.0.0.1:8000/v1";
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EndpointConfig {
        if (name != null) {
            Fields.name("name", name, "an endpoint name such as 'local'");
        }
        checkUrl(Fields.required("base_url", baseUrl, URL_EXPECTED));
        Fields.text("model", model, "the model name the endpoint serves");
        // Never echo the value: someone who put the key itself here must not see it printed in a log.
        if (apiKeyEnv != null && !ENVIRONMENT_VARIABLE.matcher(apiKeyEnv).matches()) {
            throw new InvalidFieldException("api_key_env", "expected the name of an environment variable (letters, digits"
                    + " and '_', not starting with a digit) that holds the key, not the key itself; the value is not shown");
        }
        if (apiKeyEnv != null && apiKeyFile != null) {
            throw new InvalidFieldException("api_key_file", "expected at most one of 'api_key_env' and 'api_key_file', got both");
        }
        Fields.positive("weight", weight);
        Fields.atLeast("max_concurrency", maxConcurrency, 1);
        Fields.atLeastOrNull("requests_per_minute", requestsPerMinute, 1);
        Fields.atLeastOrNull("tokens_per_minute", tokensPerMinute, 1);
        Fields.positive("timeout_seconds", timeoutSeconds);
        price = price == null ? PriceConfig.FREE : price;
    }

    /** How long one attempt may take. */
    public Duration timeout() {
        return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    }

    EndpointConfig resolvedAgainst(Path base) {
        return apiKeyFile == null ? this : toBuilder().apiKeyFile(base.resolve(apiKeyFile).normalize()).build();
    }

    private static void checkUrl(URI url) {
        // user:password@host is a credential too; refuse it before anything could print the URL.
        if (url.getRawUserInfo() != null) {
            throw new InvalidFieldException("base_url", "expected " + URL_EXPECTED + " without user:password; credentials"
                    + " never go in the config file (use api_key_env or api_key_file); the value is not shown");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new InvalidFieldException("base_url", "expected " + URL_EXPECTED + ", got '" + url + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().name(name).baseUrl(baseUrl.toString()).model(model).apiKeyEnv(apiKeyEnv).apiKeyFile(apiKeyFile)
                .weight(weight).maxConcurrency(maxConcurrency).requestsPerMinute(requestsPerMinute)
                .tokensPerMinute(tokensPerMinute).timeoutSeconds(timeoutSeconds).price(price);
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String name;
        private String baseUrl;
        private String model;
        private String apiKeyEnv;
        private Path apiKeyFile;
        private double weight = 1.0;
        private int maxConcurrency = 64;
        private Integer requestsPerMinute;
        private Integer tokensPerMinute;
        private double timeoutSeconds = 60;
        private PriceConfig price = PriceConfig.FREE;

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

        public Builder apiKeyEnv(String apiKeyEnv) {
            this.apiKeyEnv = apiKeyEnv;
            return this;
        }

        public Builder apiKeyFile(Path apiKeyFile) {
            this.apiKeyFile = apiKeyFile;
            return this;
        }

        public Builder weight(double weight) {
            this.weight = weight;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
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

        public Builder timeoutSeconds(double timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
            return this;
        }

        public Builder price(PriceConfig price) {
            this.price = price;
            return this;
        }

        public EndpointConfig build() {
            return new EndpointConfig(name, parseUrl(baseUrl), model, apiKeyEnv, apiKeyFile, weight, maxConcurrency,
                    requestsPerMinute, tokensPerMinute, timeoutSeconds, price);
        }

        private static URI parseUrl(String text) {
            if (text == null) {
                return null;
            }
            try {
                return new URI(text.strip());
            } catch (URISyntaxException e) {
                throw new InvalidFieldException("base_url", "expected " + URL_EXPECTED + ", got '" + text + "'");
            }
        }
    }
}
