package io.mdpstream.sim.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void shouldDrawTheSameNumbersFromADetachedStreamAsFromAKeptOne() {
        RandomGenerator kept = new RandomStreams(42).stream("backlog");
        RandomGenerator detached = new RandomStreams(42).detached("backlog");

        for (int i = 0; i < 100; i++) {
            assertThat(detached.nextLong()).isEqualTo(kept.nextLong());
        }
    }

    @Test
    void shouldContinueAKeptStreamAndStartADetachedOneOver() {
        RandomStreams streams = new RandomStreams(42);
        long first = streams.stream("arrivals").nextLong();

        assertThat(streams.stream("arrivals").nextLong()).isNotEqualTo(first);
        assertThat(streams.detached("arrivals").nextLong()).isEqualTo(first);
    }

    @Test
    void shouldKeepManyStreamsApart() {
        RandomStreams streams = new RandomStreams(7);
        long[] firsts = new long[20];
        for (int i = 0; i < firsts.length; i++) {
            firsts[i] = streams.stream("s" + i).nextLong();
        }

        for (int i = 0; i < firsts.length; i++) {
            assertThat(streams.detached("s" + i).nextLong()).isEqualTo(firsts[i]);
        }
        assertThat(firsts).doesNotHaveDuplicates();
    }
}
