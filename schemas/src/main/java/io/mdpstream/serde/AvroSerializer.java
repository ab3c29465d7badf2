package io.mdpstream.serde;

import io.mdpstream.contract.EventModel;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.registry.internal.RestSchemaRegistryClient;
import io.mdpstream.serde.internal.PrimitiveSchemas;
import io.mdpstream.serde.internal.ReusableBuffer;
import io.mdpstream.serde.internal.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values in Confluent's wire format, registering their schemas under the subject that
 * the configured {@link SubjectNameStrategy} names (by default {@code <topic>-value}).
 *
 * <p>Accepts generated (specific) records, generic records, enum symbols and primitives, and
 * records that mix them, through one {@link EventModel}, and values that write themselves
 * ({@link AvroWritable}). A null value becomes a null payload (a tombstone).
 *
 * <p>Thread-safe, as Kafka requires of a producer's serializer.
 *
 * @param <T> the value type
 */
public class AvroSerializer<T> implements Serializer<T> {

    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private boolean autoRegister = true;
    private SubjectNameStrategy subjects = new SubjectNameStrategy.TopicNameStrategy();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    /** Subject by topic and schema; the strategy runs once per pair. */
    private final Map<String, Map<Schema, String>> subjectByTopic = new ConcurrentHashMap<>();
    /**
     * The last schema written to each topic and its id, when the registry client caches ids (they
     * never change then): one lookup per record instead of four, as a topic nearly always carries
     * one schema.
     */
    private final Map<String, KnownId> lastIdByTopic = new ConcurrentHashMap<>();

    /** For Kafka to instantiate from configuration; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    /**
     * A serializer over a shared registry client, with the default options; the caller closes the client.
     * {@link #configure} may still set options.
     */
    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Reads {@link AvroSerdeConfig}; creates a registry client from the properties unless one was given.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or wrong option
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            AvroSerdeConfig config = AvroSerdeConfig.from(configs);
            apply(config);
            registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config.registry()),
                    config.maxSchemasPerSubject());
            ownsRegistry = true;
        } else if (configs.containsKey(RegistryClientConfig.URL_CONFIG)) {
            apply(AvroSerdeConfig.from(configs));
        }
    }

    private void apply(AvroSerdeConfig config) {
        autoRegister = config.autoRegisterSchemas();
        subjects = config.subjectStrategy(isKey);
        subjectByTopic.clear();
        lastIdByTopic.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() or pass a registry client");
        }
        AvroWritable writable = data instanceof AvroWritable w ? w : null;
        Schema schema = writable != null ? writable.schema() : PrimitiveSchemas.schemaOf(data);
        int id = schemaId(topic, schema);
        Encoding encoding = ENCODING.get();
        ReusableBuffer buffer = encoding.buffer;
        buffer.reset();
        buffer.skip(WireFormat.HEADER_SIZE);
        BinaryEncoder encoder = encoding.encoder;
        try {
            if (writable != null) {
                writable.write(encoder);
            } else {
                writer(schema).write(data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data, encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            encoding.discardEncoder(); // it may hold the failed value's first bytes
            throw new SerializationException("cannot encode a " + schema.getFullName() + " value for topic " + topic
                    + " with schema id " + id + ": " + e.getMessage(), e);
        }
        WireFormat.writeHeader(buffer.array(), id);
        return buffer.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        KnownId known = lastIdByTopic.get(topic);
        if (known != null && known.schema() == schema) {
            return known.id();
        }
        int id = lookUpSchemaId(topic, schema);
        if (registry instanceof CachingSchemaRegistryClient) {
            lastIdByTopic.put(topic, new KnownId(schema, id));
        }
        return id;
    }

    private int lookUpSchemaId(String topic, Schema schema) {
        String subject = subjectByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> subjects.subjectName(topic, isKey, s));
        try {
            if (autoRegister) {
                return registry.register(subject, schema);
            }
            Integer cached = registry instanceof CachingSchemaRegistryClient caching ? caching.cachedId(subject, schema) : null;
            return cached != null ? cached : registry.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot " + (autoRegister ? "register" : "look up") + " the schema "
                    + schema.getFullName() + " under subject '" + subject + "' for topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private DatumWriter<Object> writer(Schema schema) {
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, EventModel.get()));
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    /** A schema (compared by identity) and its registry id. */
    private record KnownId(Schema schema, int id) {
    }

    /**
     * Per-thread scratch space: the output buffer and an encoder bound to it for good. Each value is
     * flushed whole into the buffer, so the encoder starts the next one empty; binding it afresh per
     * value (as {@code EncoderFactory.binaryEncoder(out, reuse)} does) allocated three objects each time.
     */
    private static final class Encoding {
        final ReusableBuffer buffer = new ReusableBuffer();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);

        void discardEncoder() {
            encoder = EncoderFactory.get().binaryEncoder(buffer, null);
        }
    }
}
