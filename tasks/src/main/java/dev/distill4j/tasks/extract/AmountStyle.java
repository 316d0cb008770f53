package dev.distill4j.tasks.extract;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a document writes amounts. Each style is offered only for currencies where it cannot be misread: the
 * comma-decimal {@code EUR 1.234,50} only for the euro, and the decimals-dropping {@code USD 1,234.5} never for
 * the euro, where {@code 1,234} could mean one euro and change.
 */
enum AmountStyle {
    /** {@code $1,234.50}: symbol, comma thousands, two decimals. */
    SYMBOL(Set.of("USD", "EUR", "GBP")),
    /** {@code 1234.50 USD}: plain digits, two decimals, code after. */
    CODE_AFTER(Set.of("USD", "EUR", "GBP")),
    /** {@code USD 1,234.5}: code first, comma thousands, trailing zero decimals dropped. */
    CODE_BEFORE(Set.of("USD", "GBP")),
    /** {@code EUR 1.234,50}: code first, dot thousands, comma and two decimals. */
    EUROPEAN(Set.of("EUR"));

    private static final Map<String, String> SYMBOLS = Map.of("USD", "$", "EUR", "€", "GBP", "£");

    private final Set<String> currencies;

    AmountStyle(Set<String> currencies) {
        this.currencies = currencies;
    }

    /** The styles that write {@code currency} unambiguously, in declaration order. */
    static List<AmountStyle> forCurrency(String currency) {
        return Arrays.stream(values()).filter(style -> style.currencies.contains(currency)).toList();
    }

    String render(Money money) {
        if (!currencies.contains(money.currency())) {
            throw new IllegalArgumentException("amount style " + this + " cannot write " + money.currency());
        }
        String whole = money.amount().toBigInteger().toString();
        String cents = money.amount().toPlainString().substring(whole.length() + 1);
        return switch (this) {
            case SYMBOL -> SYMBOLS.get(money.currency()) + grouped(whole, ',') + "." + cents;
            case CODE_AFTER -> whole + "." + cents + " " + money.currency();
            case CODE_BEFORE -> money.currency() + " " + grouped(whole, ',') + droppedZeros(cents);
            case EUROPEAN -> money.currency() + " " + grouped(whole, '.') + "," + cents;
        };
    }

    /** How the currency shows in an amount of this style: {@code $} or {@code USD}. */
    String marker(String currency) {
        return this == SYMBOL ? SYMBOLS.get(currency) : currency;
    }

    private static String grouped(String digits, char separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(separator);
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    private static String droppedZeros(String cents) {
        String kept = new BigDecimal("0." + cents).stripTrailingZeros().toPlainString();
        return kept.equals("0") ? "" : kept.substring(1);
    }
}
