package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns a record of one of the four episode topics into a {@link DecodedEvent}, or says clearly
 * why it cannot: not Confluent's wire format, an unknown schema id, or a record that is not an
 * episode event (no envelope, or a key that is not its episode id). Not thread-safe.
 */
public final class EventDecoder {

    /** The envelope's fields that an event needs, in the order {@link #layout} keeps their positions. */
    private static final String[] ENVELOPE = {"run_id", "episode_id", "scenario", "scenario_version", "seq", "step", "sim_time"};

    private final EventTopics topics;
    private final EventKind.Lookup kinds;
    private final AvroDeserializer<Object> avro;
    /** Field positions by writer's schema (see {@link #layout}); a schema without an envelope maps to null. */
    private final Map<Schema, Layout> layouts = new IdentityHashMap<>();

    /**
     * Where a writer's schema keeps what an event needs, worked out once per schema (looking fields up by name cost
     * more than reading them).
     *
     * @param envelope the envelope record's position (index 0) and its fields' ({@link #ENVELOPE}, from index 1; -1
     *                 for one it lacks)
     * @param payload  the payload fields' positions, as {@link DecodedEvent#positions}
     */
    private record Layout(int[] envelope, int[] payload) {
    }

    public EventDecoder(EventTopics topics, SchemaRegistryClient registry) {
        this.topics = topics;
        this.kinds = new EventKind.Lookup(topics);
        this.avro = new AvroDeserializer<>(registry, false);
    }

    /**
     * @throws SerializationException naming what is wrong with the record
     */
    public DecodedEvent decode(String topic, byte[] key, byte[] value) {
        DecodedEvent event = read(topic, value);
        if (key == null || !isUtf8Of(key, event.episodeId())) {
            throw new SerializationException("record on " + topic + " has key "
                    + (key == null ? "null" : "'" + new String(key, StandardCharsets.UTF_8) + "'")
                    + " but episode_id '" + event.episodeId() + "': the four topics must be keyed by episode id");
        }
        return event;
    }

    /**
     * Whether {@code bytes} is {@code text} in UTF-8. The key is compared as it came rather than
     * decoded into a string of its own: the envelope's episode id is the one the validator keeps.
     */
    static boolean isUtf8Of(byte[] bytes, String text) {
        int n = text.length();
        if (bytes.length == n) { // ASCII, as episode ids are: byte for char
            for (int i = 0; i < n; i++) {
                if (bytes[i] != text.charAt(i)) { // a negative byte never equals a char: not ASCII
                    return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
                }
            }
            return true;
        }
        return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a record whose key was checked before (one held back and read again).
     *
     * @throws SerializationException naming what is wrong with the record
     */
    public DecodedEvent read(String topic, byte[] value) {
        EventKind kind = kinds.of(topic);
        if (kind == null) {
            throw new SerializationException("topic " + topic + " is not an episode topic of namespace " + topics.namespace());
        }
        if (value == null) {
            throw new SerializationException("record has no value (a tombstone) on " + topic);
        }
        Object decoded = avro.deserialize(topic, value);
        Layout layout = decoded instanceof GenericRecord record ? layout(record.getSchema()) : null;
        if (layout == null || !(((GenericRecord) decoded).get(layout.envelope()[0]) instanceof GenericRecord envelope)) {
            throw new SerializationException("record on " + topic + " is not an episode event: it has no envelope");
        }
        GenericRecord record = (GenericRecord) decoded;
        int[] at = layout.envelope();
        DecodedEvent event;
        try {
            event = new DecodedEvent(kind, text(envelope, at, 1), text(envelope, at, 2), text(envelope, at, 3),
                    text(envelope, at, 4), number(envelope, at, 5).longValue(), number(envelope, at, 6).intValue(),
                    millis(field(envelope, at, 7)), record, layout.payload());
        } catch (RuntimeException e) {
            throw new SerializationException("record on " + topic + " has a malformed envelope: " + e.getMessage(), e);
        }
        return event;
    }

    /** The layout of a record of this writer's schema, or null when it has no envelope record. */
    private Layout layout(Schema schema) {
        return layouts.computeIfAbsent(schema, s -> {
            Schema.Field envelope = s.getType() == Schema.Type.RECORD ? s.getField("envelope") : null;
            if (envelope == null || envelope.schema().getType() != Schema.Type.RECORD) {
                return null;
            }
            int[] at = new int[ENVELOPE.length + 1];
            at[0] = envelope.pos();
            for (int i = 0; i < ENVELOPE.length; i++) {
                Schema.Field field = envelope.schema().getField(ENVELOPE[i]);
                at[i + 1] = field == null ? -1 : field.pos();
            }
            return new Layout(at, payload(s));
        });
    }

    private static int[] payload(Schema schema) {
        DecodedEvent.Field[] fields = DecodedEvent.Field.values();
        int[] at = new int[fields.length];
        for (DecodedEvent.Field field : fields) {
            Schema.Field found = schema.getField(field.avroName());
            at[field.ordinal()] = found == null ? -1 : found.pos();
        }
        return at;
    }

    private static Object field(GenericRecord envelope, int[] at, int index) {
        Object value = at[index] < 0 ? null : envelope.get(at[index]);
        if (value == null) {
            throw new IllegalArgumentException(ENVELOPE[index - 1] + " is missing");
        }
        return value;
    }

    private static String text(GenericRecord envelope, int[] at, int index) {
        return field(envelope, at, index).toString();
    }

    private static Number number(GenericRecord envelope, int[] at, int index) {
        return (Number) field(envelope, at, index);
    }

    private static long millis(Object value) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        return ((Number) value).longValue();
    }
}
