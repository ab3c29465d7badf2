package io.mdpstream.sink.internal;

import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.sink.SinkException;
import io.mdpstream.validate.EventKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the envelope of an event without decoding the rest: every episode event's first field is its
 * envelope, so decoding stops after it (and, on the episodes topic, after the index of the body's
 * union branch, which tells a start from an end). The whole record is decoded once, when its
 * episode is written. Not thread-safe.
 */
public final class EventHeaders {

    /** Confluent's wire format: magic byte 0 and a 4-byte big-endian schema id before the Avro body. */
    static final int WIRE_HEADER = 5;

    /** What the sink needs to know of an event while its episode is open. */
    public record Header(String episodeId, String scenario, long seq, int step, boolean start, boolean end) {
    }

    /** How to read the envelope of values written with one schema. */
    private record Layout(GenericDatumReader<GenericRecord> envelope, int startBranch, int endBranch) {
    }

    private final SchemaRegistryClient registry;
    private final Map<Integer, Layout> layouts = new HashMap<>();
    private BinaryDecoder decoder;

    public EventHeaders(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * @throws SerializationException naming what is wrong with a value that is not an episode event
     * @throws SinkException           when the schema registry cannot be reached
     */
    public Header read(EventKind kind, String topic, byte[] value) {
        int schemaId = schemaId(topic, value);
        Layout layout = layouts.get(schemaId);
        if (layout == null) {
            layout = layout(kind, topic, schemaId);
            layouts.put(schemaId, layout);
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, WIRE_HEADER, value.length - WIRE_HEADER, decoder);
            GenericRecord envelope = layout.envelope().read(null, decoder);
            boolean start = false;
            boolean end = false;
            if (kind == EventKind.EPISODES) {
                int branch = decoder.readIndex();
                start = branch == layout.startBranch();
                end = branch == layout.endBranch();
            }
            return new Header(envelope.get("episode_id").toString(), envelope.get("scenario").toString(),
                    ((Number) envelope.get("seq")).longValue(), ((Number) envelope.get("step")).intValue(), start, end);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read the envelope of a record on " + topic + " with schema id "
                    + schemaId + ": " + e, e);
        }
    }

    /** The schema id of a value in Confluent's wire format. */
    public static int schemaId(String topic, byte[] value) {
        if (value == null || value.length < WIRE_HEADER || value[0] != 0) {
            throw new SerializationException("record on " + topic + " is not in Confluent's wire format (magic byte 0 and a"
                    + " schema id): " + (value == null ? "no value" : value.length + " bytes"));
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    private Layout layout(EventKind kind, String topic, int schemaId) {
        Schema writer;
        try {
            writer = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (RegistryErrors.isOutage(e)) {
                throw new SinkException("cannot get schema id " + schemaId + " from the schema registry: " + e.getMessage(), e);
            }
            throw new SerializationException("record on " + topic + " names schema id " + schemaId
                    + ", which the registry cannot give: " + e.getMessage(), e);
        }
        List<Schema.Field> fields = writer.getType() == Schema.Type.RECORD ? writer.getFields() : List.of();
        if (fields.isEmpty() || !fields.get(0).name().equals("envelope") || fields.get(0).schema().getType() != Schema.Type.RECORD) {
            throw new SerializationException("record on " + topic + " (schema id " + schemaId
                    + ") is not an episode event: its first field is not an envelope");
        }
        Schema envelope = fields.get(0).schema();
        int startBranch = -1;
        int endBranch = -1;
        if (kind == EventKind.EPISODES) {
            Schema body = fields.size() > 1 && fields.get(1).name().equals("body") ? fields.get(1).schema() : null;
            if (body == null || body.getType() != Schema.Type.UNION) {
                throw new SerializationException("record on " + topic + " (schema id " + schemaId
                        + ") is not an EpisodeEvent: no body union after the envelope");
            }
            for (int i = 0; i < body.getTypes().size(); i++) {
                String name = body.getTypes().get(i).getName();
                if (name.equals("EpisodeStarted")) {
                    startBranch = i;
                } else if (name.equals("EpisodeEnded")) {
                    endBranch = i;
                }
            }
        }
        return new Layout(new GenericDatumReader<>(envelope, envelope, GenericData.get()), startBranch, endBranch);
    }
}
