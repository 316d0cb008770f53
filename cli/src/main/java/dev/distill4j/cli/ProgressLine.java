package dev.distill4j.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A progress line on stderr: redrawn in place on a terminal, printed at most every 30 seconds otherwise (so a log
 * file or CI output gets a readable trickle, not thousands of carriage returns). Quiet mode prints nothing.
 */
final class ProgressLine {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private final long began = System.nanoTime();
    private long lastPrinted;
    private long startedAt;
    private int lastWidth;

    ProgressLine(PrintWriter err, boolean quiet) {
        this.err = err;
        this.terminal = System.console() != null;
        this.quiet = quiet;
    }

    /** Work already done before this process started (a resumed run): the ETA counts only the rate since. */
    void resumedAt(long done) {
        startedAt = done;
    }

    /** Shows {@code done}/{@code total} with a detail text, and an ETA from the rate so far. */
    void update(long done, long total, String detail) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!terminal && !last && now - lastPrinted < 30_000_000_000L && lastPrinted != 0) {
            return;
        }
        lastPrinted = now;
        double elapsed = (now - began) / 1e9;
        double eta = done <= startedAt ? Double.NaN : elapsed * (total - done) / (done - startedAt);
        int width = 24;
        int filled = total == 0 ? width : (int) (width * done / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format("[%s] %d/%d %s | %s elapsed, ETA %s", bar, done, total, detail, clock(elapsed), clock(eta));
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            if (last) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        Duration duration = Duration.ofSeconds(Math.round(seconds));
        return duration.toHours() > 0 ? String.format("%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart())
                : String.format("%02d:%02d", duration.toMinutesPart(), duration.toSecondsPart());
    }
}
