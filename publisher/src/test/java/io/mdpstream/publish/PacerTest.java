package io.mdpstream.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");

    /** A clock that moves only when told to. */
    static final class ManualClock implements WallClock {
        long nanos = 1_000_000_000L;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public long epochMillis() {
            return nanos / 1_000_000;
        }

        @Override
        public void sleep(long wait) {
            nanos += Math.max(0, wait);
        }
    }

    @Test
    void anEventShouldBeDueWhenItsSimulatedTimeDividedByTheSpeedHasPassed() {
        ManualClock clock = new ManualClock();
        Pacer pacer = new Pacer(60, 0, clock); // a simulated minute per wall second
        pacer.anchor(EPOCH);

        assertThat(pacer.waitNanos(EPOCH)).isLessThanOrEqualTo(0);
        assertThat(pacer.waitNanos(EPOCH.plusSeconds(120))).isEqualTo(2_000_000_000L);
        clock.sleep(1_500_000_000L);
        assertThat(pacer.waitNanos(EPOCH.plusSeconds(120))).isEqualTo(500_000_000L);
        clock.sleep(600_000_000L);
        assertThat(pacer.waitNanos(EPOCH.plusSeconds(120))).isNegative();
        assertThat(pacer.lagSeconds(EPOCH.plusSeconds(120))).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void atMaxSpeedNothingShouldWaitButTheRateCeiling() {
        ManualClock clock = new ManualClock();
        Pacer pacer = new Pacer(Double.POSITIVE_INFINITY, 1000, clock);
        pacer.anchor(EPOCH);

        assertThat(pacer.waitNanos(EPOCH.plusSeconds(86_400))).isLessThanOrEqualTo(0);
        pacer.sent();
        assertThat(pacer.waitNanos(EPOCH.plusSeconds(86_400))).isEqualTo(1_000_000L);
        clock.sleep(1_000_000L);
        assertThat(pacer.waitNanos(EPOCH.plusSeconds(86_400))).isLessThanOrEqualTo(0);
    }

    @Test
    void theRateCeilingShouldHoldOverManyEvents() {
        ManualClock clock = new ManualClock();
        Pacer pacer = new Pacer(Double.POSITIVE_INFINITY, 500, clock);
        pacer.anchor(EPOCH);
        long begin = clock.nanos();

        for (int i = 0; i < 1000; i++) {
            clock.sleep(pacer.waitNanos(EPOCH));
            pacer.sent();
        }

        assertThat(clock.nanos() - begin).isGreaterThanOrEqualTo(1_998_000_000L);
    }
}
