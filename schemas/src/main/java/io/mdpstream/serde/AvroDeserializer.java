package io.mdpstream.serde;

import io.mdpstream.contract.EventModel;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.RestClientException;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.registry.internal.RestSchemaRegistryClient;
import io.mdpstream.serde.internal.BoundedBinaryDecoder;
import io.mdpstream.serde.internal.WireFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads values written in Confluent's wire format by any Confluent-compatible Avro serializer,
 * fetching the writer's schema by id from the registry (once per id).
 *
 * <p>With {@code specific.avro.reader=true}, records whose name has a generated class (the mdpstream
 * contract types) come back as that class, resolved against its schema so older data reads into
 * newer classes; other records, such as a scenario's typed states, come back generic.
 *
 * <p>Every malformed input fails with a {@link SerializationException} that says what is wrong:
 * an unknown magic byte, an unknown schema id, a truncated or corrupt payload.
 *
 * <p>Thread-safe.
 *
 * @param <T> the value type
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private static final ThreadLocal<BoundedBinaryDecoder> DECODER = ThreadLocal.withInitial(BoundedBinaryDecoder::new);
    private static final GenericData GENERIC = new GenericData();

    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private boolean specific;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** For Kafka to instantiate from configuration; {@link #configure} must follow. */
    public AvroDeserializer() {
    }

    /**
     * A deserializer over a shared registry client; the caller closes the client.
     *
     * @param specific read into generated classes where they exist
     */
    public AvroDeserializer(SchemaRegistryClient registry, boolean specific) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.specific = specific;
    }

    /**
     * Reads {@link AvroSerdeConfig}; creates a registry client from the properties unless one was given.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or wrong option
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            AvroSerdeConfig config = AvroSerdeConfig.from(configs);
            specific = config.specificAvroReader();
            registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config.registry()),
                    config.maxSchemasPerSubject());
            ownsRegistry = true;
        } else if (configs.containsKey(RegistryClientConfig.URL_CONFIG)) {
            specific = AvroSerdeConfig.from(configs).specificAvroReader();
        }
        readers.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() or pass a registry client");
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("record on topic " + topic + " is truncated: " + data.length
                    + " bytes, but Confluent's wire format needs at least " + WireFormat.HEADER_SIZE
                    + " (magic byte and schema id)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("unknown magic byte 0x%02x in record on topic %s;"
                    + " expected 0x00 (Confluent wire format): not written by a schema-registry Avro serializer",
                    data[0] & 0xff, topic));
        }
        int id = WireFormat.readSchemaId(data);
        DatumReader<Object> reader = reader(topic, id);
        try {
            BoundedBinaryDecoder decoder = DECODER.get().reset(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("record on topic " + topic + " has bytes left after its Avro value"
                        + " (schema id " + id + "): corrupt payload or wrong schema");
            }
            return (T) topLevel(value);
        } catch (SerializationException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw new SerializationException("cannot decode Avro value on topic " + topic + " with schema id " + id
                    + " (" + (data.length - WireFormat.HEADER_SIZE) + " payload bytes): truncated or corrupt payload: "
                    + e, e);
        }
    }

    /** A bare string or bytes value comes back as String or byte[], as Confluent's deserializer does. */
    private static Object topLevel(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        return value;
    }

    private DatumReader<Object> reader(String topic, int id) {
        DatumReader<Object> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (RestClientException e) {
            if (e.errorCode() == RestClientException.SCHEMA_NOT_FOUND || e.status() == 404) {
                throw new SerializationException("record on topic " + topic + " names schema id " + id
                        + ", which the schema registry does not know: " + e.getMessage(), e);
            }
            throw new SerializationException("cannot fetch schema id " + id + " for topic " + topic + ": "
                    + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot fetch schema id " + id + " for topic " + topic + ": "
                    + e.getMessage(), e);
        }
        reader = specific ? specificReader(writer) : new GenericDatumReader<>(writer, writer, GENERIC);
        DatumReader<Object> raced = readers.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }

    private static DatumReader<Object> specificReader(Schema writer) {
        SpecificData model = EventModel.get();
        Class<?> generated = writer.getType() == Schema.Type.RECORD || writer.getType() == Schema.Type.ENUM
                ? model.getClass(writer) : null;
        Schema readerSchema = generated == null ? writer : model.getSchema(generated);
        return new SpecificDatumReader<>(writer, readerSchema, model);
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }
}
