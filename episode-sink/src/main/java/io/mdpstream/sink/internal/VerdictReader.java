package io.mdpstream.sink.internal;

import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.sink.SinkException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes the validator's verdicts. A record that is not a verdict is the caller's to skip; one whose
 * writer schema the registry cannot give right now is not: a skipped verdict's offset is committed,
 * so after a restart its episode would wait for it in vain and end in the quarantine. Not thread-safe.
 */
public final class VerdictReader {

    private final AvroDeserializer<Object> values;

    public VerdictReader(SchemaRegistryClient registry) {
        this.values = new AvroDeserializer<>(registry, true);
    }

    /**
     * @throws SerializationException naming what is wrong with a value that is not a verdict
     * @throws SinkException          when the schema registry cannot be reached or fails
     */
    public EpisodeVerdict read(String topic, byte[] value) {
        Object decoded;
        try {
            decoded = values.deserialize(topic, value);
        } catch (SerializationException e) {
            if (RegistryErrors.isOutage(e)) {
                throw new SinkException("cannot get the writer schema of a verdict on " + topic + " from the schema registry: "
                        + e.getMessage(), e);
            }
            throw e;
        }
        if (!(decoded instanceof EpisodeVerdict verdict)) {
            throw new SerializationException("not an EpisodeVerdict: " + (decoded == null ? "no value" : decoded.getClass().getName()));
        }
        return verdict;
    }
}
