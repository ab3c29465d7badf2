package io.mdpstream.sink.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * Which episode-topic partitions are read ahead of the others of the same partition number, in
 * simulated time (the record timestamp), so that the sink can pause them while the others catch up.
 *
 * <p>Why: the consumer fetches about as many bytes from each partition, so a topic of small records
 * (rewards) is read many more records ahead than one of large records (states). From a backlog, the
 * episodes whose events are read on one topic and not yet on another pile up open, fill the buffer
 * and are spilled to disk, which costs a write and several reads of every spilled event. Publishers
 * write the four topics in simulated-time order, so reading them at the same simulated time
 * completes episodes as fast as they are read.
 *
 * <p>Only a partition with records left to read holds the others back; one that is read to its end
 * (or whose lag is not known yet) does not, and the slowest partition is never paused, so reading
 * always goes on. Not thread-safe.
 */
public final class ReadBalance {

    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();

    /** A record of an episode topic with this timestamp was read. */
    public void read(TopicPartition partition, long timestamp) {
        readUpTo.merge(partition, timestamp, Math::max);
    }

    /**
     * The partitions read further in simulated time than another of the same partition number that
     * still has records to read.
     *
     * @param partitions the assigned episode-topic partitions
     * @param lag        records left to read in a partition, or -1 when not known
     */
    public Set<TopicPartition> ahead(Collection<TopicPartition> partitions, ToLongFunction<TopicPartition> lag) {
        Map<Integer, Long> behind = new HashMap<>(); // by partition number: the earliest time still being read
        for (TopicPartition partition : partitions) {
            if (lag.applyAsLong(partition) > 0) {
                behind.merge(partition.partition(), readUpTo.getOrDefault(partition, Long.MIN_VALUE), Math::min);
            }
        }
        Set<TopicPartition> ahead = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Long slowest = behind.get(partition.partition());
            if (slowest != null && readUpTo.getOrDefault(partition, Long.MIN_VALUE) > slowest) {
                ahead.add(partition);
            }
        }
        return ahead;
    }

    /** Partitions were taken from this sink. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(readUpTo::remove);
    }
}
