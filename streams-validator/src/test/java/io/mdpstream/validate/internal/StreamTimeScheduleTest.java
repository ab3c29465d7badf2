package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamTimeScheduleTest {

    @Test
    void shouldBeDueAtTheFirstRecordAndThenOncePerIntervalOfStreamTime() {
        StreamTimeSchedule sweeps = new StreamTimeSchedule(30_000);

        assertThat(sweeps.due(1_000)).isTrue();
        assertThat(sweeps.due(1_000)).isFalse();
        assertThat(sweeps.due(30_999)).isFalse();
        assertThat(sweeps.due(31_000)).isTrue();
        assertThat(sweeps.due(40_000)).isFalse();
    }

    @Test
    void aJumpOfManyIntervalsShouldMakeOneRunNotOnePerInterval() {
        StreamTimeSchedule sweeps = new StreamTimeSchedule(1_000);
        sweeps.due(0);

        assertThat(sweeps.due(3_600_000)).isTrue();
        assertThat(sweeps.due(3_600_001)).isFalse();
        assertThat(sweeps.due(3_601_000)).isTrue();
    }

    @Test
    void anIntervalThatIsNotPositiveShouldBeRefused() {
        assertThatThrownBy(() -> new StreamTimeSchedule(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval must be > 0 ms, was 0");
    }
}
