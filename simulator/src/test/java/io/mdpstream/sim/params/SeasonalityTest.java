package io.mdpstream.sim.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeasonalityTest {

    private static final double[] DAILY = {0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.6, 1.9, 2.0, 1.9, 1.7, 1.8, 1.9, 1.8,
        1.6, 1.4, 1.1, 0.9, 0.7, 0.5, 0.4, 0.3};
    private static final double[] WEEKLY = {1.1, 1.0, 1.0, 1.05, 1.2, 0.6, 0.4};

    @Test
    void multiplierShouldEqualTheClockFieldsOfAZonedDateTimeBitForBit() {
        Seasonality seasonality = new Seasonality(DAILY, WEEKLY);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            // Both sides of the epoch, with and without nanoseconds, and every second of some days.
            Instant at = i < 100_000
                    ? Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 5_000_000_000L), random.nextInt(1_000_000_000))
                    : Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i - 100_000);
            assertThat(seasonality.multiplier(at)).as("%s", at).isEqualTo(reference(at));
        }
    }

    /** The multiplier as it was computed with java.time. */
    private static double reference(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        double hour = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
        int h = (int) hour;
        double frac = hour - h;
        double day = DAILY[h] * (1 - frac) + DAILY[(h + 1) % 24] * frac;
        return day * WEEKLY[t.getDayOfWeek().getValue() - 1];
    }
}
