package dev.distill4j.tasks.extract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dates and amounts out of document text the way a careful person would, written independently of the
 * family's styles, so tests can check that the text really says what the reference says.
 */
final class TextReading {
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");
    private static final String MONTH_NAMES = String.join("|", MONTHS);
    private static final Pattern ISO = Pattern.compile("(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d-])");
    private static final Pattern SLASH = Pattern.compile("(\\d{2})/(\\d{2})/(\\d{4})(?: \\((DD/MM/YYYY|MM/DD/YYYY)\\))?");
    private static final Pattern LONG = Pattern.compile("(" + MONTH_NAMES + ") (\\d{1,2}), (\\d{4})");
    private static final Pattern SHORT = Pattern.compile("(?<!\\d)(\\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4})");

    private static final Map<String, String> SYMBOLS = Map.of("$", "USD", "€", "EUR", "£", "GBP");
    private static final Pattern SYMBOL_AMOUNT = Pattern.compile("([$€£])(\\d{1,3}(?:,\\d{3})*)\\.(\\d{2})(?!\\d)");
    private static final Pattern CODE_AFTER = Pattern.compile("(?<![\\d.,])(\\d+)\\.(\\d{2}) (USD|EUR|GBP)");
    private static final Pattern CODE_BEFORE = Pattern.compile("(USD|GBP) (\\d{1,3}(?:,\\d{3})*)(?:\\.(\\d{1,2}))?(?![\\d,.]\\d)");
    private static final Pattern EUROPEAN = Pattern.compile("EUR (\\d{1,3}(?:\\.\\d{3})*),(\\d{2})(?!\\d)");

    record Amount(BigDecimal value, String currency) {}

    private TextReading() {}

    /**
     * Every date the text writes. A slash date needs its order in brackets or a day above 12; one that is
     * truly ambiguous fails, since the task must be answerable from the text.
     */
    static List<LocalDate> dates(String text) {
        List<LocalDate> dates = new ArrayList<>();
        Matcher m = ISO.matcher(text);
        while (m.find()) {
            dates.add(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        }
        m = SLASH.matcher(text);
        while (m.find()) {
            int first = Integer.parseInt(m.group(1));
            int second = Integer.parseInt(m.group(2));
            int year = Integer.parseInt(m.group(3));
            boolean dayFirst;
            if (m.group(4) != null) {
                dayFirst = m.group(4).equals("DD/MM/YYYY");
            } else if (first > 12 && second <= 12) {
                dayFirst = true;
            } else if (second > 12 && first <= 12) {
                dayFirst = false;
            } else {
                throw new AssertionError("ambiguous date '" + m.group() + "' in:\n" + text);
            }
            dates.add(dayFirst ? LocalDate.of(year, second, first) : LocalDate.of(year, first, second));
        }
        m = LONG.matcher(text);
        while (m.find()) {
            dates.add(LocalDate.of(Integer.parseInt(m.group(3)), MONTHS.indexOf(m.group(1)) + 1, Integer.parseInt(m.group(2))));
        }
        m = SHORT.matcher(text);
        while (m.find()) {
            int month = MONTHS.stream().map(name -> name.substring(0, 3)).toList().indexOf(m.group(2)) + 1;
            dates.add(LocalDate.of(Integer.parseInt(m.group(3)), month, Integer.parseInt(m.group(1))));
        }
        return dates;
    }

    /** Every amount of money the text writes, with its currency. */
    static List<Amount> amounts(String text) {
        List<Amount> amounts = new ArrayList<>();
        Matcher m = SYMBOL_AMOUNT.matcher(text);
        while (m.find()) {
            amounts.add(new Amount(new BigDecimal(m.group(2).replace(",", "") + "." + m.group(3)), SYMBOLS.get(m.group(1))));
        }
        m = CODE_AFTER.matcher(text);
        while (m.find()) {
            amounts.add(new Amount(new BigDecimal(m.group(1) + "." + m.group(2)), m.group(3)));
        }
        m = CODE_BEFORE.matcher(text);
        while (m.find()) {
            String cents = m.group(3) == null ? "0" : m.group(3);
            amounts.add(new Amount(new BigDecimal(m.group(2).replace(",", "") + "." + cents), m.group(1)));
        }
        m = EUROPEAN.matcher(text);
        while (m.find()) {
            amounts.add(new Amount(new BigDecimal(m.group(1).replace(".", "") + "." + m.group(2)), "EUR"));
        }
        return amounts;
    }
}
