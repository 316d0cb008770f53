package dev.distill4j.tasks.extract;

/**
 * The currency field of a record: its value is the ISO code, but the text shows it the way the document's
 * amounts do ({@code $}, {@code USD}), so it is rendered by the {@link AmountStyle}.
 */
record CurrencyCode(String code) {
    CurrencyCode {
        if (!Money.CURRENCIES.contains(code)) {
            throw new IllegalArgumentException("field 'code': expected one of " + Money.CURRENCIES + ", got " + code);
        }
    }
}
