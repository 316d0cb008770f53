package dev.distill4j.tasks.extract;

import java.time.LocalDate;
import java.util.Locale;

/**
 * How a document writes dates. A slash date whose day is 12 or less could be read either way round, so it
 * carries its order in brackets ({@code 05/03/2024 (DD/MM/YYYY)}); a larger day settles the order by itself.
 */
enum DateStyle {
    /** {@code 2024-03-05}. */
    ISO,
    /** {@code 05/03/2024 (DD/MM/YYYY)} or {@code 13/03/2024}. */
    DAY_FIRST,
    /** {@code 03/05/2024 (MM/DD/YYYY)} or {@code 03/13/2024}. */
    MONTH_FIRST,
    /** {@code March 5, 2024}. */
    LONG,
    /** {@code 5 Mar 2024}. */
    SHORT;

    // Spelled out rather than taken from a locale, so the text never changes with the JVM's locale data.
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};

    String render(LocalDate date) {
        int day = date.getDayOfMonth();
        int month = date.getMonthValue();
        String monthName = MONTHS[month - 1];
        return switch (this) {
            case ISO -> date.toString();
            case DAY_FIRST -> String.format(Locale.ROOT, "%02d/%02d/%04d", day, month, date.getYear()) + (day <= 12 ? " (DD/MM/YYYY)" : "");
            case MONTH_FIRST -> String.format(Locale.ROOT, "%02d/%02d/%04d", month, day, date.getYear()) + (day <= 12 ? " (MM/DD/YYYY)" : "");
            case LONG -> monthName + " " + day + ", " + date.getYear();
            case SHORT -> day + " " + monthName.substring(0, 3) + " " + date.getYear();
        };
    }
}
