package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The {@code teacher.batch:} section: whether the generate stage sends its requests as a provider batch (OpenAI's
 * Batch API: an uploaded JSONL file and {@code /v1/batches}, answered within a completion window at about half the
 * price) instead of live calls.
 *
 * @param enabled          send batches (default false; {@code ./distill generate --batch} turns it on for one run)
 * @param endpoint         the endpoint (by name) the batches go to; null: the first endpoint
 * @param pollSeconds      the first wait between polls of a batch's status (default 10, > 0); it doubles while
 *                         nothing changes, up to {@code maxPollSeconds}
 * @param maxPollSeconds   the longest wait between polls (default 300, >= poll_seconds)
 * @param completionWindow the window the provider has to answer (default {@code 24h}, OpenAI's only one)
 * @param discount         the share of the listed price the provider takes off batched requests, for the cost
 *                         report and the budget (default 0.5, in [0, 1))
 * @param maxRequests      requests per batch at most (default 50,000, OpenAI's limit; 1..50,000); more go in several
 */
@JsonDeserialize(builder = BatchConfig.Builder.class)
public record BatchConfig(boolean enabled, String endpoint, double pollSeconds, double maxPollSeconds, String completionWindow,
        double discount, int maxRequests) {
    public BatchConfig {
        if (endpoint != null) {
            Fields.name("endpoint", endpoint, "the name of one of teacher.endpoints");
        }
        Fields.positive("poll_seconds", pollSeconds);
        if (!(maxPollSeconds >= pollSeconds && Double.isFinite(maxPollSeconds))) {
            throw new InvalidFieldException("max_poll_seconds", "expected a number >= poll_seconds (" + Fields.format(pollSeconds) + "), got "
                    + Fields.format(maxPollSeconds));
        }
        Fields.text("completion_window", completionWindow, "a completion window such as 24h");
        Fields.between("discount", discount, 0, false, 1, true);
        Fields.between("max_requests", maxRequests, 1, 50_000);
    }

    /** The section a config without one has: batches off. */
    public static BatchConfig disabled() {
        return builder().build();
    }

    /** The same section with batches on: what {@code --batch} makes of a config. */
    public BatchConfig enable() {
        return toBuilder().enabled(true).build();
    }

    /** What a batched request costs at an endpoint's listed price. */
    public PriceConfig batchPrice(PriceConfig listed) {
        return new PriceConfig(listed.inputPerMtok() * (1 - discount), listed.outputPerMtok() * (1 - discount));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().enabled(enabled).endpoint(endpoint).pollSeconds(pollSeconds).maxPollSeconds(maxPollSeconds)
                .completionWindow(completionWindow).discount(discount).maxRequests(maxRequests);
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private boolean enabled;
        private String endpoint;
        private double pollSeconds = 10;
        private double maxPollSeconds = 300;
        private String completionWindow = "24h";
        private double discount = 0.5;
        private int maxRequests = 50_000;

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder pollSeconds(double pollSeconds) {
            this.pollSeconds = pollSeconds;
            return this;
        }

        public Builder maxPollSeconds(double maxPollSeconds) {
            this.maxPollSeconds = maxPollSeconds;
            return this;
        }

        public Builder completionWindow(String completionWindow) {
            this.completionWindow = completionWindow;
            return this;
        }

        public Builder discount(double discount) {
            this.discount = discount;
            return this;
        }

        public Builder maxRequests(int maxRequests) {
            this.maxRequests = maxRequests;
            return this;
        }

        public BatchConfig build() {
            return new BatchConfig(enabled, endpoint, pollSeconds, maxPollSeconds, completionWindow, discount, maxRequests);
        }
    }
}
