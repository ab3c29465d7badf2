package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns a record of one of the four episode topics into a {@link DecodedEvent}, or says clearly
 * why it cannot: not Confluent's wire format, an unknown schema id, or a record that is not an
 * episode event (no envelope, or a key that is not its episode id). Not thread-safe.
 */
public final class EventDecoder {

    private final EventTopics topics;
    private final AvroDeserializer<Object> avro;

    public EventDecoder(EventTopics topics, SchemaRegistryClient registry) {
        this.topics = topics;
        this.avro = new AvroDeserializer<>(registry, false);
    }

    /**
     * @throws SerializationException naming what is wrong with the record
     */
    public DecodedEvent decode(String topic, String key, byte[] value) {
        DecodedEvent event = read(topic, value);
        if (key == null || !key.equals(event.episodeId())) {
            throw new SerializationException("record on " + topic + " has key " + (key == null ? "null" : "'" + key + "'")
                    + " but episode_id '" + event.episodeId() + "': the four topics must be keyed by episode id");
        }
        return event;
    }

    /**
     * Decodes a record whose key was checked before (one held back and read again).
     *
     * @throws SerializationException naming what is wrong with the record
     */
    public DecodedEvent read(String topic, byte[] value) {
        EventKind kind = EventKind.of(topic, topics);
        if (kind == null) {
            throw new SerializationException("topic " + topic + " is not an episode topic of namespace " + topics.namespace());
        }
        if (value == null) {
            throw new SerializationException("record has no value (a tombstone) on " + topic);
        }
        Object decoded = avro.deserialize(topic, value);
        if (!(decoded instanceof GenericRecord record) || record.getSchema().getField("envelope") == null
                || !(record.get("envelope") instanceof GenericRecord envelope)) {
            throw new SerializationException("record on " + topic + " is not an episode event: it has no envelope");
        }
        DecodedEvent event;
        try {
            event = new DecodedEvent(kind, text(envelope, "run_id"), text(envelope, "episode_id"), text(envelope, "scenario"),
                    text(envelope, "scenario_version"), ((Number) envelope.get("seq")).longValue(),
                    ((Number) envelope.get("step")).intValue(), millis(envelope.get("sim_time")), record);
        } catch (RuntimeException e) {
            throw new SerializationException("record on " + topic + " has a malformed envelope: " + e.getMessage(), e);
        }
        return event;
    }

    private static String text(GenericRecord record, String field) {
        Object value = record.get(field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.toString();
    }

    private static long millis(Object value) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        return ((Number) value).longValue();
    }
}
