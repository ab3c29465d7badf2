package io.mdpstream.sim.scenarios.incident;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;

/**
 * A block of business-hours responders, e.g. the EMEA engineers from 07:00 to 16:00 UTC on
 * weekdays. A shift whose end hour is before its start hour runs overnight and belongs to the day
 * it started; equal hours mean a 24-hour shift. Immutable.
 *
 * @param name          label, e.g. {@code emea}
 * @param engineers     engineers on the shift
 * @param startHour     UTC hour at which it starts, 0..23
 * @param endHour       UTC hour at which it ends, 0..24
 * @param weekdaysOnly  whether it runs Monday to Friday only
 */
record Shift(String name, int engineers, int startHour, int endHour, boolean weekdaysOnly) {

    /** Whether the shift is staffed at {@code t} (UTC). */
    boolean isOn(ZonedDateTime t) {
        int hour = t.getHour();
        DayOfWeek day = t.getDayOfWeek();
        boolean inHours;
        if (startHour < endHour) {
            inHours = hour >= startHour && hour < endHour;
        } else if (startHour > endHour) {
            inHours = hour >= startHour || hour < endHour;
            if (hour < endHour) {
                day = day.minus(1); // the early hours belong to the shift that began the evening before
            }
        } else {
            inHours = true;
        }
        return inHours && (!weekdaysOnly || day.getValue() <= DayOfWeek.FRIDAY.getValue());
    }
}
