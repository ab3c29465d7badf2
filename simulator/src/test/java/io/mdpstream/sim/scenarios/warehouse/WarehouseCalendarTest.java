package io.mdpstream.sim.scenarios.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Daily clock times as episode seconds, for an episode starting at 06:00 UTC. */
class WarehouseCalendarTest {

    private final DailyCalendar departures = new DailyCalendar(new double[] {9.5, 14, 20.5},
            Instant.parse("2026-03-02T06:00:00Z"));

    @Test
    void shouldFindTheNextDepartureTheSameDay() {
        assertThat(departures.nextAtOrAfter(0)).isEqualTo(3.5 * 3600);
        assertThat(departures.nextAtOrAfter(3.5 * 3600)).isEqualTo(3.5 * 3600);
        assertThat(departures.nextAtOrAfter(3.5 * 3600 + 1)).isEqualTo(8 * 3600);
    }

    @Test
    void shouldWrapToTomorrowAfterTheLastDeparture() {
        assertThat(departures.nextAtOrAfter(14.5 * 3600 + 1)).isEqualTo((24 + 3.5) * 3600);
    }

    @Test
    void shouldHandleTimesBeforeTheEpisodeStarted() {
        // 23:00 the evening before: the first departure after it is 09:30 today.
        assertThat(departures.nextAtOrAfter(-7 * 3600)).isEqualTo(3.5 * 3600);
    }

    @Test
    void shouldNumberDeparturesFromTheFirstOnTheStartDay() {
        assertThat(departures.occurrenceAtOrAfter(0)).isZero();                  // 09:30 today
        assertThat(departures.occurrenceAtOrAfter(3.5 * 3600 + 1)).isEqualTo(1); // 14:00
        assertThat(departures.occurrenceAtOrAfter(14.5 * 3600 + 1)).isEqualTo(3); // 09:30 tomorrow
        assertThat(departures.time(3)).isEqualTo((24 + 3.5) * 3600);
        assertThat(departures.time(-1)).isEqualTo(-(6 - 20.5 + 24) * 3600);       // 20:30 yesterday
    }

    @Test
    void shouldGiveTheSameTimesWhenMovedToAnotherStart() {
        Instant start = Instant.parse("2026-03-02T06:00:00Z");
        DailyCalendar moved = new DailyCalendar(new double[] {9.5, 14, 20.5}, Instant.EPOCH).startingAt(start);

        for (double t = -86_400; t <= 3 * 86_400; t += 1234.5) {
            assertThat(moved.nextAtOrAfter(t)).isEqualTo(departures.nextAtOrAfter(t));
            assertThat(moved.indexInForce(t)).isEqualTo(departures.indexInForce(t));
        }
    }

    @Test
    void shouldKeepYesterdaysLastEntryInForceUntilTodaysFirst() {
        DailyCalendar roster = new DailyCalendar(new double[] {6, 14, 22}, Instant.parse("2026-03-02T03:00:00Z"));

        assertThat(roster.indexInForce(0)).isEqualTo(2);           // 03:00: the night shift from 22:00
        assertThat(roster.indexInForce(3 * 3600)).isEqualTo(0);    // 06:00 sharp: the early shift
        assertThat(roster.indexInForce(11 * 3600 - 1)).isEqualTo(0);
        assertThat(roster.indexInForce(11 * 3600)).isEqualTo(1);
    }
}
