package io.mdpstream.publish.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mdpstream.publish.PublishException;
import io.mdpstream.sim.run.LaneState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A run instance's progress, written in the same transaction as the events it covers, to a
 * compacted topic keyed by run id and instance: when a simulator restarts with the same run id it
 * reads its last checkpoint and resumes each lane after the last event that was committed, so a
 * read_committed consumer sees no duplicate and no gap.
 */
public final class Checkpoints {

    /**
     * @param run        what the run is (scenario, parameters, seed, policy, lanes...): a restart must match it
     * @param epoch      the run's simulated start
     * @param lanes      where each lane of this instance stands
     * @param complete   every lane is done
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Checkpoint(Map<String, String> run, Instant epoch, List<LaneState> lanes, boolean complete) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String topic;
    private final String key;

    public Checkpoints(String topic, String runId, int instance) {
        this.topic = topic;
        this.key = runId + "/" + instance;
    }

    /** The record that saves {@code checkpoint}; send it inside the transaction it covers. */
    public ProducerRecord<String, byte[]> record(Checkpoint checkpoint) {
        try {
            return new ProducerRecord<>(topic, 0, key, JSON.writeValueAsBytes(checkpoint));
        } catch (IOException e) {
            throw new PublishException("cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * This run instance's last checkpoint as far as the partition is stable now, or null when it has none. A commit
     * whose markers are still being written, or one behind another producer's open transaction, is not read yet: this
     * is enough to refuse a restart with other settings before it fences the instance that may be running, not to
     * resume from ({@link #readLatest}).
     */
    public Checkpoint read(Map<String, Object> clientProperties, Duration timeout) {
        return read(clientProperties, timeout, false);
    }

    /**
     * This run instance's last committed checkpoint, or null when it has none: every record written to the partition
     * before the call is read once its transaction has ended. Call it once this instance's producer has initialized
     * its transactions, so that none of its own is open or still completing; it waits for other producers'
     * transactions open on the partition (another instance's, which commits within its commit interval, or one killed
     * mid-transaction, which the broker aborts after its transaction timeout).
     */
    public Checkpoint readLatest(Map<String, Object> clientProperties, Duration timeout) {
        return read(clientProperties, timeout, true);
    }

    private Checkpoint read(Map<String, Object> clientProperties, Duration timeout, boolean toLogEnd) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition partition = new TopicPartition(topic, 0);
        byte[] last = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // Read_committed, endOffsets is the last stable offset: short of any transaction not yet ended.
            long end = toLogEnd ? logEnd(clientProperties, partition, timeout) : consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new PublishException("reading checkpoints from " + topic + " took longer than " + timeout.toSeconds()
                            + " s: read up to offset " + consumer.position(partition) + " of " + end + (toLogEnd
                            ? "; a transaction open on it has not ended (an instance killed mid-transaction is aborted by"
                            + " the broker after its transaction.timeout.ms)" : ""));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        last = record.value();
                    }
                }
            }
        }
        if (last == null) {
            return null;
        }
        try {
            return JSON.readValue(last, Checkpoint.class);
        } catch (IOException e) {
            throw new PublishException("checkpoint " + key + " in " + topic + " does not parse: " + e.getMessage(), e);
        }
    }

    /** The offset after the partition's last record, in a transaction that has ended or not. */
    private static long logEnd(Map<String, Object> clientProperties, TopicPartition partition, Duration timeout) {
        try (Admin admin = Admin.create(clientProperties)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted reading the end offset of " + partition, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("cannot read the end offset of " + partition + ": " + e.getMessage(), e);
        }
    }
}
