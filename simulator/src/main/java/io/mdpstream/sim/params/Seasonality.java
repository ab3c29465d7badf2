package io.mdpstream.sim.params;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A rate multiplier that follows the clock: one factor per hour of the day (linearly interpolated
 * between hours) times one per day of the week (Monday first), in UTC.
 */
public final class Seasonality {

    /** No seasonality: always 1. */
    public static final Seasonality NONE = new Seasonality(filled(24), filled(7));

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
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        double hour = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
        int h = (int) hour;
        double frac = hour - h;
        double day = daily[h] * (1 - frac) + daily[(h + 1) % 24] * frac;
        return day * weekly[t.getDayOfWeek().getValue() - 1];
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
