package io.mdpstream.sink.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offset of each topic-partition may be committed: the position after the last record read,
 * held back to the first record of any episode (or verdict) that is not stored yet. Committing no
 * further is what makes a restart read every unstored episode again from its first event.
 * Not thread-safe.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<TopicPartition, TreeMap<Long, Integer>> holds = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A record at {@code offset} was read. */
    public void read(TopicPartition partition, long offset) {
        positions.merge(partition, offset + 1, Math::max);
    }

    /** The record at {@code offset} belongs to something not yet stored. */
    public void hold(TopicPartition partition, long offset) {
        holds.computeIfAbsent(partition, p -> new TreeMap<>()).merge(offset, 1, Integer::sum);
    }

    /** What held {@code offset} is stored or given up. */
    public void release(TopicPartition partition, long offset) {
        TreeMap<Long, Integer> held = holds.get(partition);
        if (held == null) {
            return;
        }
        held.computeIfPresent(offset, (o, n) -> n > 1 ? n - 1 : null);
        if (held.isEmpty()) {
            holds.remove(partition);
        }
    }

    /**
     * Offsets that may be committed and move past what was committed last.
     *
     * @param consumerPosition the consumer's position in a partition, or -1 when unknown: under
     *                         read_committed it moves past aborted records and transaction markers
     *                         that no record returned shows
     */
    public Map<TopicPartition, OffsetAndMetadata> committable(ToLongFunction<TopicPartition> consumerPosition) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((partition, read) -> {
            long position = Math.max(read, consumerPosition.applyAsLong(partition));
            TreeMap<Long, Integer> held = holds.get(partition);
            long safe = held == null || held.isEmpty() ? position : Math.min(position, held.firstKey());
            Long last = committed.get(partition);
            if (last == null || safe > last) {
                offsets.put(partition, new OffsetAndMetadata(safe));
            }
        });
        return offsets;
    }

    /** Offsets were committed. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }

    /** The committed offset of a partition, or -1 when this sink committed none there. */
    public long committedOffset(TopicPartition partition) {
        return committed.getOrDefault(partition, -1L);
    }

    /** Partitions were taken from this sink: what it knew of them no longer applies. */
    public void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            positions.remove(partition);
            holds.remove(partition);
            committed.remove(partition);
        }
    }

    /** Number of held offsets, for tests and status. */
    public int held() {
        return holds.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
    }
}
