package io.mdpstream.sim.params;

import java.time.Instant;

/**
 * A rate multiplier that follows the clock: one factor per hour of the day (linearly interpolated
 * between hours) times one per day of the week (Monday first), in UTC.
 */
public final class Seasonality {

    /** No seasonality: always 1. */
    public static final Seasonality NONE = new Seasonality(filled(24), filled(7));

    private static final long SECONDS_PER_DAY = 86_400;

    private final double[] daily;
    private final double[] weekly;
    private final double peak;

    Seasonality(double[] daily, double[] weekly) {
        this.daily = daily.clone();
        this.weekly = weekly.clone();
        double maxDaily = 0;
        for (double d : daily) {
            maxDaily = Math.max(maxDaily, d);
        }
        double maxWeekly = 0;
        for (double w : weekly) {
            maxWeekly = Math.max(maxWeekly, w);
        }
        this.peak = maxDaily * maxWeekly;
    }

    /** The multiplier at an instant. */
    public double multiplier(Instant at) {
        // Drawn for every arrival, so the UTC clock fields come from the epoch second directly: a
        // ZonedDateTime builds new zone rules per call. The hour is the same expression as before.
        long epochSecond = at.getEpochSecond();
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        double hour = secondOfDay / 3600 + secondOfDay / 60 % 60 / 60.0 + secondOfDay % 60 / 3600.0;
        int h = (int) hour;
        double frac = hour - h;
        double day = daily[h] * (1 - frac) + daily[(h + 1) % 24] * frac;
        return day * weekly[dayOfWeek(epochSecond)];
    }

    /** Monday 0 to Sunday 6, in UTC; 1970-01-01 was a Thursday. */
    static int dayOfWeek(long epochSecond) {
        return (int) Math.floorMod(Math.floorDiv(epochSecond, SECONDS_PER_DAY) + 3, 7);
    }

    /** The largest multiplier, the bound that thinning needs. */
    public double peak() {
        return peak;
    }

    private static double[] filled(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        return ones;
    }
}
