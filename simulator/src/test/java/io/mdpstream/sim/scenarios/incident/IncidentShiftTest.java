package io.mdpstream.sim.scenarios.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class IncidentShiftTest {

    private static ZonedDateTime at(String utc) {
        return ZonedDateTime.parse(utc);
    }

    @Test
    void shouldStaffADayShiftOnlyWithinItsHoursOnWeekdays() {
        Shift emea = new Shift("emea", 2, 7, 16, true);

        assertThat(emea.isOn(at("2026-03-02T07:00:01Z"))).isTrue();   // Monday
        assertThat(emea.isOn(at("2026-03-02T16:00:01Z"))).isFalse();
        assertThat(emea.isOn(at("2026-03-02T06:59:59Z"))).isFalse();
        assertThat(emea.isOn(at("2026-03-07T10:00:00Z"))).isFalse();  // Saturday
    }

    @Test
    void shouldRunAnOvernightShiftIntoTheNextMorningAsPartOfTheDayItStarted() {
        Shift night = new Shift("apac", 1, 22, 6, true);

        assertThat(night.isOn(at("2026-03-06T23:00:00Z"))).isTrue();   // Friday evening
        assertThat(night.isOn(at("2026-03-07T03:00:00Z"))).isTrue();   // Saturday early: Friday's shift
        assertThat(night.isOn(at("2026-03-08T03:00:00Z"))).isFalse();  // Sunday early: Saturday's shift
        assertThat(night.isOn(at("2026-03-09T03:00:00Z"))).isFalse();  // Monday early: Sunday's shift
        assertThat(night.isOn(at("2026-03-09T12:00:00Z"))).isFalse();
    }

    @Test
    void shouldTreatEqualHoursAsAroundTheClock() {
        Shift always = new Shift("noc", 3, 0, 0, false);

        assertThat(always.isOn(at("2026-03-08T03:00:00Z"))).isTrue();
        assertThat(always.isOn(at("2026-03-08T15:00:00Z"))).isTrue();
    }
}
