package dev.distill4j.tasks.extract;

import java.time.LocalDate;
import java.util.List;

/**
 * How one document writes its values: one date style and one amount style throughout, as a real document
 * would, and counts spelled out or not.
 */
record TextStyle(DateStyle dates, AmountStyle amounts, boolean spokenNumbers) {
    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve");

    TextStyle {
        if (dates == null) {
            throw new IllegalArgumentException("field 'dates': expected a date style, got null");
        }
        if (amounts == null) {
            throw new IllegalArgumentException("field 'amounts': expected an amount style, got null");
        }
    }

    /** A value as the document writes it. */
    String render(Object value) {
        return switch (value) {
            case LocalDate date -> dates.render(date);
            case Money money -> amounts.render(money);
            case CurrencyCode currency -> amounts.marker(currency.code());
            case Integer count -> spokenNumbers && count >= 0 && count < NUMBER_WORDS.size()
                    ? NUMBER_WORDS.get(count) : count.toString();
            case String text -> text;
            default -> throw new IllegalArgumentException("no text form for a " + value.getClass().getSimpleName());
        };
    }
}
