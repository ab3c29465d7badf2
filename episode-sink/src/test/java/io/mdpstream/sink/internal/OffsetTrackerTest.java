package io.mdpstream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final TopicPartition states = new TopicPartition("ns.states", 0);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldNotCommitPastTheFirstEventOfAnEpisodeThatIsNotStored() {
        for (long offset = 0; offset < 10; offset++) {
            tracker.read(states, offset);
        }
        tracker.hold(states, 3);
        tracker.hold(states, 6);

        assertThat(tracker.committable(p -> -1)).containsEntry(states, new OffsetAndMetadata(3));
        tracker.release(states, 3);
        assertThat(tracker.committable(p -> -1)).containsEntry(states, new OffsetAndMetadata(6));
        tracker.release(states, 6);
        assertThat(tracker.committable(p -> -1)).containsEntry(states, new OffsetAndMetadata(10));
    }

    @Test
    void shouldFollowTheConsumerPastTransactionMarkersAndNotRepeatACommit() {
        tracker.read(states, 4);
        Map<TopicPartition, OffsetAndMetadata> first = tracker.committable(p -> 7);

        tracker.committed(first);

        assertThat(first).containsEntry(states, new OffsetAndMetadata(7));
        assertThat(tracker.committable(p -> 7)).isEmpty();
        assertThat(tracker.committedOffset(states)).isEqualTo(7);
    }

    @Test
    void aPartitionTakenAwayShouldBeForgotten() {
        tracker.read(states, 1);
        tracker.hold(states, 1);

        tracker.forget(List.of(states));

        assertThat(tracker.committable(p -> -1)).isEmpty();
        assertThat(tracker.held()).isZero();
    }
}
