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

    /** The last committed checkpoint of this run instance, or null when it has none. */
    public Checkpoint read(Map<String, Object> clientProperties, Duration timeout) {
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
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new PublishException("reading checkpoints from " + topic + " took longer than " + timeout.toSeconds() + " s");
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
}
