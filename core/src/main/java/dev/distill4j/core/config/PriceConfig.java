package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * What an endpoint charges, in US dollars per million tokens, as providers list their prices.
 *
 * @param inputPerMtok  dollars per million prompt tokens (default 0)
 * @param outputPerMtok dollars per million completion tokens (default 0)
 */
@JsonDeserialize(builder = PriceConfig.Builder.class)
public record PriceConfig(double inputPerMtok, double outputPerMtok) {
    /** A local server or a teacher you run yourself. */
    public static final PriceConfig FREE = new PriceConfig(0.0, 0.0);

    public PriceConfig {
        Fields.nonNegative("input_per_mtok", inputPerMtok);
        Fields.nonNegative("output_per_mtok", outputPerMtok);
    }

    /** Dollars for one request's billed tokens. */
    public double costUsd(long promptTokens, long completionTokens) {
        return (promptTokens * inputPerMtok + completionTokens * outputPerMtok) / 1_000_000.0;
    }

    public static Builder builder() {
        return new Builder();
    }

    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private double inputPerMtok;
        private double outputPerMtok;

        public Builder inputPerMtok(double inputPerMtok) {
            this.inputPerMtok = inputPerMtok;
            return this;
        }

        public Builder outputPerMtok(double outputPerMtok) {
            this.outputPerMtok = outputPerMtok;
            return this;
        }

        public PriceConfig build() {
            return new PriceConfig(inputPerMtok, outputPerMtok);
        }
    }
}
