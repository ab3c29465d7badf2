package io.mdpstream.publish.internal;

import io.mdpstream.events.AgentError;
import io.mdpstream.events.AgentErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads external agents' actions from {@code <ns>.agent-actions}. Every partition is read, from the
 * end at start-up, by every instance, since an instance owns lanes of episodes rather than
 * partitions. A record that cannot be decoded comes back as a rejection, never as an exception.
 *
 * <p>Not thread-safe.
 */
public final class AgentInbox implements AutoCloseable {

    /** One message from an agent: its action, or why it could not be read. */
    public record Message(String episodeId, Integer step, Object payload, String agentId, int partition, long offset,
                          AgentErrorCode error, String reason) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final io.mdpstream.serde.AvroDeserializer<Object> values;
    private final String topic;

    public AgentInbox(Map<String, Object> clientProperties, String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.values = new io.mdpstream.serde.AvroDeserializer<>();
        values.configure(clientProperties, false);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, timeout));
    }

    /** Messages that arrived, waiting up to {@code wait} for the first. */
    public List<Message> poll(Duration wait) {
        List<Message> messages = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            messages.add(decode(record));
        }
        return messages;
    }

    private Message decode(ConsumerRecord<byte[], byte[]> record) {
        Object value;
        try {
            value = values.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            return rejected(record, "cannot decode the action: " + e.getMessage());
        }
        if (!(value instanceof GenericRecord action) || action.getSchema().getField("episode_id") == null
                || action.getSchema().getField("step") == null || action.getSchema().getField("action") == null) {
            return rejected(record, "expected an AgentAction record with episode_id, step and action, got "
                    + (value == null ? "null" : value instanceof GenericRecord g ? g.getSchema().getFullName() : value.getClass().getSimpleName()));
        }
        Object episode = action.get("episode_id");
        Object step = action.get("step");
        if (episode == null || !(step instanceof Integer)) {
            return rejected(record, "episode_id and step must be set");
        }
        Object agent = action.getSchema().getField("agent_id") == null ? null : action.get("agent_id");
        return new Message(episode.toString(), (Integer) step, action.get("action"), agent == null ? null : agent.toString(),
                record.partition(), record.offset(), null, null);
    }

    private static Message rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
        String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        return new Message(key, null, null, null, record.partition(), record.offset(), AgentErrorCode.MALFORMED, reason);
    }

    /** The error record for a rejected message. */
    public static AgentError error(String runId, Message message, AgentErrorCode code, String reason, long wallMillis) {
        return new AgentError(runId, message.episodeId(), message.step(), code, reason, message.partition(), message.offset(),
                Instant.ofEpochMilli(wallMillis));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        values.close();
    }

}
