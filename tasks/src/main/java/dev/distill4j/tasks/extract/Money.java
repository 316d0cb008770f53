package dev.distill4j.tasks.extract;

import java.math.BigDecimal;
import java.util.List;

/**
 * An amount of money in cents precision.
 *
 * @param amount   the amount, with exactly two decimals
 * @param currency the ISO 4217 code: USD, EUR or GBP
 */
record Money(BigDecimal amount, String currency) {
    static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP");

    Money {
        if (amount == null || amount.scale() != 2 || amount.signum() < 0) {
            throw new IllegalArgumentException("field 'amount': expected a non-negative amount with two decimals, got " + amount);
        }
        if (!CURRENCIES.contains(currency)) {
            throw new IllegalArgumentException("field 'currency': expected one of " + CURRENCIES + ", got " + currency);
        }
    }

    static Money ofCents(long cents, String currency) {
        return new Money(BigDecimal.valueOf(cents, 2), currency);
    }

    long cents() {
        return amount.unscaledValue().longValueExact();
    }
}
