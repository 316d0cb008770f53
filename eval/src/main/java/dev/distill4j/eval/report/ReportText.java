package dev.distill4j.eval.report;

import java.util.Locale;

/**
 * How the report writes numbers in words. Each formatter takes the report's "absent" form (a null, a NaN) and says
 * so in words a reader understands, so no page ever shows "null", "NaN" or "Infinity".
 */
final class ReportText {
    private ReportText() {}

    static final String NOT_REACHED = "not reached";
    static final String NOT_MEASURED = "not measured";

    /** A fraction in [0, 1] as a percentage with one decimal: 0.9876 is "98.8%". */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : NOT_MEASURED;
    }

    static String percent(Double fraction) {
        return fraction == null ? NOT_MEASURED : percent(fraction.doubleValue());
    }

    /** A whole count with thousands separators: 12345 is "12,345". */
    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /**
     * A count read off a fitted curve (fractional), rounded up: a student needs the whole example, so 1234.2 is
     * "1,235". Null means the fit never reaches it.
     */
    static String fittedCount(Double n) {
        if (n == null || !Double.isFinite(n)) {
            return NOT_REACHED;
        }
        return count((long) Math.ceil(n));
    }

    /** Dollars: cents for a dollar or more, four significant figures below a cent (a small run costs fractions of one). */
    static String dollars(Double amount) {
        if (amount == null || !Double.isFinite(amount)) {
            return NOT_MEASURED;
        }
        if (amount == 0 || Math.abs(amount) >= 0.01) {
            return String.format(Locale.US, "$%,.2f", amount);
        }
        return "$" + String.format(Locale.ROOT, "%.4g", amount);
    }

    /** A duration for people: "42.0 s", "3 min 12 s", "2 h 05 min". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return NOT_MEASURED;
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }

    /** A large quantity (parameters, tokens) with an SI-style suffix: 3.0e6 is "3.00M", 1.4e12 "1.40T". */
    static String magnitude(double value) {
        if (!Double.isFinite(value)) {
            return NOT_MEASURED;
        }
        double abs = Math.abs(value);
        String[] suffixes = {"", "K", "M", "B", "T"};
        int i = 0;
        while (abs >= 1000 && i < suffixes.length - 1) {
            abs /= 1000;
            value /= 1000;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.3g", value) : String.format(Locale.ROOT, "%.3g%s", value, suffixes[i]);
    }

    /** A plain real number to four significant figures (fit parameters, losses). */
    static String real(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : NOT_MEASURED;
    }
}
