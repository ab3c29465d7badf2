package io.mdpstream.replay.internal;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.validate.EventKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Changes an episode's events for a perturbed replay, decoding, modifying and re-encoding each
 * body with its own writer schema: time scaling moves the record timestamp and the envelope's
 * {@code sim_time} of each event to {@code start + (t - start) * factor} (start being the episode's
 * first event), and value noise changes the observation of state events. Events that no
 * perturbation touches keep their bytes. Not thread-safe.
 */
public final class Perturbation {

    private final double timeScale;
    private final Function<String, ValueNoise> noiseOfScenario;
    private final long seed;
    private final IntFunction<Schema> writerSchemas;
    private final Map<Integer, Codec> codecs = new HashMap<>();
    private long noisedValues;

    /** Reads and writes the bodies of one writer schema. */
    private record Codec(GenericDatumReader<GenericRecord> reader, GenericDatumWriter<GenericRecord> writer) {
    }

    /**
     * @param noiseOfScenario the noise for a scenario's observations, or null for no noise
     * @param writerSchemas   the writer schema of a source schema id
     */
    public Perturbation(double timeScale, Function<String, ValueNoise> noiseOfScenario, long seed, IntFunction<Schema> writerSchemas) {
        this.timeScale = timeScale;
        this.noiseOfScenario = noiseOfScenario;
        this.seed = seed;
        this.writerSchemas = writerSchemas;
    }

    /** Whether {@link #episode} changes anything. */
    public boolean active() {
        return timeScale != 1.0 || noiseOfScenario != null;
    }

    /**
     * The perturbation of one episode, to apply to each of its events in seq order, starting with
     * {@code first}; the identity when nothing is to change.
     */
    public UnaryOperator<RecordedEvent> episode(RecordedEvent first) {
        if (!active()) {
            return UnaryOperator.identity();
        }
        long start = first.timestamp();
        SplittableRandom random = noiseOfScenario == null ? null : EpisodeRandom.of(seed, first.episodeId(), "noise");
        return event -> apply(event, start, random);
    }

    private RecordedEvent apply(RecordedEvent event, long start, SplittableRandom random) {
        boolean noise = random != null && event.kind() == EventKind.STATES;
        if (timeScale == 1.0 && !noise) {
            return event;
        }
        Codec codec = codecs.computeIfAbsent(event.schemaId(), this::codec);
        GenericRecord value = decode(codec, event);
        GenericRecord envelope = (GenericRecord) value.get("envelope");
        envelope.put("sim_time", scaled(start, (Long) envelope.get("sim_time")));
        if (noise) {
            ValueNoise valueNoise = noiseOfScenario.apply(envelope.get("scenario").toString());
            noisedValues += valueNoise.apply((GenericRecord) value.get("observation"), random);
        }
        return event.with(scaled(start, event.timestamp()), encode(codec, value));
    }

    /** Observation values noise changed so far. */
    public long noisedValues() {
        return noisedValues;
    }

    private long scaled(long start, long time) {
        return timeScale == 1.0 ? time : start + Math.round((time - start) * timeScale);
    }

    private Codec codec(int schemaId) {
        Schema schema = writerSchemas.apply(schemaId);
        // No logical-type conversions: sim_time stays the long it is on the wire.
        return new Codec(new GenericDatumReader<>(schema, schema, new GenericData()), new GenericDatumWriter<>(schema, new GenericData()));
    }

    private static GenericRecord decode(Codec codec, RecordedEvent event) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(event.body(), null);
            return codec.reader().read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new ReplayException("cannot decode event seq " + event.seq() + " of episode " + event.episodeId() + " with writer schema "
                    + event.schemaId() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(Codec codec, GenericRecord value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            codec.writer().write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
