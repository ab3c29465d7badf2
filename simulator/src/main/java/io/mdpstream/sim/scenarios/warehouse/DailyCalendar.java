package io.mdpstream.sim.scenarios.warehouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Clock times that recur every day (carrier departures, shift starts), turned into episode seconds.
 * Works in whole seconds so that a due time and the departure event it refers to are the same
 * double, bit for bit.
 *
 * <p>Immutable and thread-safe.
 */
final class DailyCalendar {

    private static final long DAY = 86_400;

    private final long[] secondsOfDay;
    private final long startSecondOfDay;

    /**
     * @param hours clock hours in [0, 24), UTC, sorted ascending and distinct
     * @param start the instant at which the episode starts
     */
    DailyCalendar(double[] hours, Instant start) {
        secondsOfDay = new long[hours.length];
        for (int i = 0; i < hours.length; i++) {
            secondsOfDay[i] = Math.round(hours[i] * 3600);
        }
        startSecondOfDay = secondOfDay(start);
    }

    private DailyCalendar(long[] secondsOfDay, long startSecondOfDay) {
        this.secondsOfDay = secondsOfDay;
        this.startSecondOfDay = startSecondOfDay;
    }

    /** The same clock times for an episode that starts at {@code start}; they are shared, not copied. */
    DailyCalendar startingAt(Instant start) {
        return new DailyCalendar(secondsOfDay, secondOfDay(start));
    }

    private static long secondOfDay(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
    }

    int size() {
        return secondsOfDay.length;
    }

    /** The first episode time at or after {@code t} (which may be negative) at which a listed clock time occurs. */
    double nextAtOrAfter(double t) {
        return time(occurrenceAtOrAfter(t));
    }

    /**
     * The number of the first occurrence at or after {@code t}: occurrences are numbered in time
     * order from the first listed clock time on the day the episode starts (0), so a number is a
     * small int where a time is a double.
     */
    long occurrenceAtOrAfter(double t) {
        long day = Math.floorDiv((long) Math.floor(t) + startSecondOfDay, DAY);
        for (long d = day; ; d++) {
            for (int i = 0; i < secondsOfDay.length; i++) {
                if (time(d, i) >= t) {
                    return d * secondsOfDay.length + i;
                }
            }
        }
    }

    /** The episode time of occurrence {@code occurrence}. */
    double time(long occurrence) {
        return time(Math.floorDiv(occurrence, secondsOfDay.length), Math.floorMod(occurrence, secondsOfDay.length));
    }

    private double time(long day, int index) {
        return day * DAY + secondsOfDay[index] - startSecondOfDay;
    }

    /** Index of the clock time in force at {@code t}: the latest at or before it, wrapping to yesterday's last. */
    int indexInForce(double t) {
        long secondOfDay = Math.floorMod((long) Math.floor(t) + startSecondOfDay, DAY);
        int index = secondsOfDay.length - 1;
        for (int i = 0; i < secondsOfDay.length; i++) {
            if (secondsOfDay[i] <= secondOfDay) {
                index = i;
            }
        }
        return index;
    }

    @Override
    public String toString() {
        return "DailyCalendar" + Arrays.toString(secondsOfDay);
    }
}
