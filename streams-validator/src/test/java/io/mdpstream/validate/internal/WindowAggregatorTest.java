package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.stats.Share;
import io.mdpstream.validate.stats.ShareSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a task's open slices leave in its window store, whose every write is a changelog record: each event counted
 * once, in the slice of its simulated time, and changes made after a commit written at the next one.
 */
class WindowAggregatorTest {

    private static final long SLICE = 15 * 60_000;

    private ObjectCacheStore<Long, Share> store;
    private WindowAggregator windows;

    @BeforeEach
    void start() {
        var inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("windows"), Serdes.Long(), Serdes.ByteArray())
                .withLoggingDisabled();
        store = ObjectCacheStore.<Long, Share>builder(inner, ShareSerde::toBytes, ShareSerde::fromBytes, 16).build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        windows = new WindowAggregator(SLICE, 0, false, store);
    }

    @Test
    void eventsOfASliceAddedAfterACommitShouldBeWrittenAtTheNext() {
        windows.add(event(1_000));
        windows.add(event(2_000));
        store.flushCache(); // a commit

        windows.add(event(3_000)); // the same slice as the event before
        windows.add(event(SLICE + 1)); // another slice
        store.flushCache();
        store.clearCache(); // what a restore gives back

        assertThat(store.get(0L).totalEvents()).isEqualTo(3);
        assertThat(store.get(SLICE).totalEvents()).isEqualTo(1);
    }

    @Test
    void aSliceHandedOnShouldOpenAnewForALateEvent() {
        windows.add(event(1_000));
        assertThat(windows.closeUpTo(2 * SLICE).closed()).singleElement()
                .satisfies(closed -> assertThat(closed.share().totalEvents()).isEqualTo(1));

        windows.add(event(2_000)); // later than the lateness bound: a share of its own

        assertThat(windows.closeAll().closed()).singleElement()
                .satisfies(closed -> assertThat(closed.share().totalEvents()).isEqualTo(1));
    }

    private static DecodedEvent event(long simTime) {
        return new DecodedEvent(EventKind.EPISODES, "run", "episode", "support", "1.0.0", 0, -1, simTime, null, new int[0]);
    }
}
