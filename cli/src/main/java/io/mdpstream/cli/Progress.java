package io.mdpstream.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A progress line on stderr for long runs: redrawn in place on a terminal, printed every few seconds
 * otherwise, silent for runs that finish within a second. Not thread-safe: one thread reports.
 */
final class Progress {

    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream err;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean enabled;
    private final boolean terminal;
    private final long begin = System.nanoTime();
    private long done;
    private String detail = "";
    private long lastDraw;
    private boolean drawn;

    /**
     * @param total items expected, or 0 when unknown
     */
    Progress(PrintStream err, String label, String unit, long total, boolean enabled) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.enabled = enabled;
        this.terminal = System.console() != null;
    }

    void advance(long items) {
        done += items;
        long now = System.nanoTime();
        long interval = terminal ? TimeUnit.MILLISECONDS.toNanos(200) : TimeUnit.SECONDS.toNanos(5);
        if (enabled && now - begin > QUIET_NANOS && now - lastDraw > interval) {
            lastDraw = now;
            draw(now, false);
        }
    }

    /** Sets what follows the count on the line (other counters of a pipeline), shown from the next draw on. */
    void detail(String text) {
        detail = text;
    }

    /** Draws the final line if anything was drawn, and returns the elapsed seconds. */
    double finish() {
        long now = System.nanoTime();
        if (drawn) {
            draw(now, true);
        }
        return (now - begin) / 1e9;
    }

    private void draw(long now, boolean last) {
        double seconds = (now - begin) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d", label, done));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, "/%,d %s (%.1f%%)", total, unit, 100.0 * done / total));
        } else {
            line.append(' ').append(unit);
        }
        line.append(String.format(Locale.ROOT, "  %,.0f %s/s", rate, unit));
        if (!detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        if (total > 0 && !last && rate > 0 && done < total) {
            line.append(String.format(Locale.ROOT, "  ETA %ds", Math.round((total - done) / rate)));
        }
        if (terminal) {
            err.print("\r" + line + "\033[K" + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
        drawn = true;
    }
}
