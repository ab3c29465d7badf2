package io.mdpstream.testkit;

import io.mdpstream.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a stream holds, for tests that compare streams: every committed record of some topics
 * (read_committed, from the beginning, in a group of its own), values decoded as generic Avro
 * records, in the order each partition holds them.
 */
public final class CommittedRecords {

    private static final Duration QUIET = Duration.ofMillis(700);

    private CommittedRecords() {
    }

    /**
     * Reads until {@code expected} records arrived and nothing more came for a moment (so extra
     * records are read too, and a test sees them).
     *
     * @throws IllegalStateException when fewer than {@code expected} arrived within {@code timeout}
     */
    public static List<ConsumerRecord<String, Object>> read(KafkaStack stack, Collection<String> topics, long expected,
                                                            Duration timeout) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("committed-records"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.copyOf(topics));
            long quietSince = System.nanoTime();
            while (records.size() < expected || System.nanoTime() - quietSince < QUIET.toNanos()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + records.size() + " of " + expected + " records of " + topics + " in "
                            + timeout.toSeconds() + " s");
                }
                var polled = consumer.poll(Duration.ofMillis(100));
                if (!polled.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                polled.forEach(records::add);
            }
        }
        return records;
    }

    /**
     * The offset after the last record written to each partition so far, committed or not: its log end offset. A
     * read_committed consumer's {@code endOffsets} gives the last stable offset instead, which stops short of a
     * transaction whose commit has returned to its producer while the broker is still writing its markers; a reader
     * that stops there misses that transaction's records. A read_committed consumer that reads up to the log end
     * offsets has seen every transaction committed before this call.
     */
    public static Map<TopicPartition, Long> logEndOffsets(Admin admin, Collection<TopicPartition> partitions) {
        try {
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing the end offsets of " + partitions, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the end offsets of " + partitions + ": " + e, e);
        }
    }
}
