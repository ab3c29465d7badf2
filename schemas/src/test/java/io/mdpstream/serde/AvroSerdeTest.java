package io.mdpstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.contract.EventModel;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.Reward;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.serde.internal.WireFormat;
import io.mdpstream.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerializer<Object> serializer = new AvroSerializer<>(registry);
    private final AvroDeserializer<Object> specific = new AvroDeserializer<>(registry, true);
    private final AvroDeserializer<Object> generic = new AvroDeserializer<>(registry, false);

    @Test
    void shouldRoundTripEveryEventTypeThroughTheWireFormat() {
        for (Map.Entry<String, Object> event : SampleEvents.all().entrySet()) {
            byte[] bytes = serializer.serialize("t." + event.getKey(), event.getValue());
            Object back = specific.deserialize("t." + event.getKey(), bytes);
            assertThat(back).as(event.getKey()).hasSameClassAs(event.getValue());
            assertThat(back).as(event.getKey()).isEqualTo(event.getValue());
        }
    }

    @Test
    void shouldWriteMagicByteSchemaIdAndPlainAvroBinary() throws IOException {
        Reward reward = SampleEvents.reward();

        byte[] bytes = serializer.serialize("toy-queue.rewards", reward);

        int id = registry.latest("toy-queue.rewards-value").id();
        assertThat(bytes[0]).isZero();
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(reward));
    }

    @Test
    void aValueThatWritesItselfShouldBeRegisteredAndFramedLikeItsRecord() throws IOException {
        Reward reward = SampleEvents.reward();
        byte[] plain = plainAvro(reward);
        AvroWritable writable = writable(Reward.getClassSchema(), out -> out.writeFixed(plain));

        byte[] bytes = serializer.serialize("toy-queue.rewards", writable);

        assertThat(bytes).isEqualTo(serializer.serialize("toy-queue.rewards", reward));
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(registry.latest("toy-queue.rewards-value").id());
        assertThat(specific.deserialize("toy-queue.rewards", bytes)).isEqualTo(reward);
    }

    @Test
    void aValueThatFailsHalfWrittenShouldBeNamedAndLeaveNothingBehindForTheNext() throws IOException {
        Reward reward = SampleEvents.reward();
        byte[] expected = serializer.serialize("toy-queue.rewards", reward);
        AvroWritable broken = writable(Reward.getClassSchema(), out -> {
            out.writeString("the first bytes of a value that never ends");
            throw new IllegalStateException("no value for field 'value'");
        });

        assertThatThrownBy(() -> serializer.serialize("toy-queue.rewards", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.mdpstream.events.Reward value for topic toy-queue.rewards")
                .hasMessageContaining("no value for field 'value'");
        assertThat(serializer.serialize("toy-queue.rewards", reward)).isEqualTo(expected);
    }

    /** How a value writes itself, for the two tests above. */
    private interface Writing {
        void write(Encoder out) throws IOException;
    }

    private static AvroWritable writable(Schema schema, Writing writing) {
        return new AvroWritable() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public void write(Encoder out) throws IOException {
                writing.write(out);
            }
        };
    }

    @Test
    void shouldReadScenarioStatesAsGenericRecordsWithTypedFields() {
        byte[] bytes = serializer.serialize("toy-queue.states", SampleEvents.state());

        GenericRecord state = (GenericRecord) generic.deserialize("toy-queue.states", bytes);

        assertThat(state.getSchema().getFullName()).isEqualTo("io.mdpstream.scenario.toy_queue.State");
        GenericRecord observation = (GenericRecord) state.get("observation");
        assertThat(observation.get("queue_length")).isEqualTo(12);
        assertThat(observation.get("oldest_wait_s")).isEqualTo(95.5);
        GenericRecord envelope = (GenericRecord) state.get("envelope");
        assertThat(envelope.get("sim_time")).isEqualTo(SampleEvents.EPOCH.plusSeconds(30).toEpochMilli());
    }

    @Test
    void shouldNameSubjectsByTopicByDefaultAndByRecordWhenConfigured() {
        serializer.serialize("a.episodes", SampleEvents.started());
        AvroSerializer<Object> keys = new AvroSerializer<>(registry);
        keys.configure(Map.of(), true);
        keys.serialize("a.episodes", "run-7-ep-000042");
        AvroSerializer<Object> byRecord = new AvroSerializer<>(registry);
        byRecord.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused:1",
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);
        byRecord.serialize("b.rewards", SampleEvents.reward());

        assertThat(registry.subjects()).containsExactlyInAnyOrder("a.episodes-value", "a.episodes-key",
                "io.mdpstream.events.Reward");
    }

    @Test
    void shouldShareOneIdForOneSchemaAcrossTopics() {
        byte[] first = serializer.serialize("one.rewards", SampleEvents.reward());
        byte[] second = serializer.serialize("two.rewards", SampleEvents.reward());

        assertThat(WireFormat.readSchemaId(first)).isEqualTo(WireFormat.readSchemaId(second));
    }

    @Test
    void shouldRefuseUnregisteredSchemaWhenAutoRegisterIsOff() {
        AvroSerializer<Object> strict = new AvroSerializer<>(registry);
        strict.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused:1",
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"), false);

        assertThatThrownBy(() -> strict.serialize("x.rewards", SampleEvents.reward()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("look up")
                .hasMessageContaining("x.rewards-value")
                .hasMessageContaining("40401");
    }

    @Test
    void shouldPassNullThroughAsTombstone() {
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(specific.deserialize("t", null)).isNull();
    }

    @Test
    void shouldRejectRecordShorterThanTheHeader() {
        assertThatThrownBy(() -> specific.deserialize("t", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated: 3 bytes");
    }

    @Test
    void shouldRejectUnknownMagicByte() {
        byte[] bytes = serializer.serialize("t", SampleEvents.reward());
        bytes[0] = 0x7b; // '{' as in a JSON value

        assertThatThrownBy(() -> specific.deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x7b");
    }

    @Test
    void shouldRejectUnknownSchemaId() {
        byte[] bytes = serializer.serialize("t", SampleEvents.reward());
        WireFormat.writeHeader(bytes, 4242);

        assertThatThrownBy(() -> specific.deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 4242")
                .hasMessageContaining("does not know");
    }

    @Test
    void shouldRejectTruncatedPayload() {
        byte[] bytes = serializer.serialize("t", SampleEvents.started());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 7);

        assertThatThrownBy(() -> specific.deserialize("t", cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] bytes = serializer.serialize("t", SampleEvents.reward());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> specific.deserialize("t", longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left after its Avro value");
    }

    @Test
    void shouldFailCleanlyOnRandomGarbageAfterAValidHeader() {
        byte[] valid = serializer.serialize("t", SampleEvents.metrics());
        SplittableRandom random = new SplittableRandom(20261122);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = Arrays.copyOf(valid, 5 + random.nextInt(400));
            for (int j = 5; j < garbage.length; j++) {
                // Half the inputs are the valid record with bytes flipped, half pure noise.
                if (i % 2 == 0 ? random.nextInt(20) == 0 : true) {
                    garbage[j] = (byte) random.nextInt(256);
                }
            }
            try {
                specific.deserialize("t", garbage);
                decoded++;
            } catch (SerializationException e) {
                assertThat(e).hasMessageContaining("schema id");
                rejected++;
            }
        }
        assertThat(decoded + rejected).isEqualTo(20_000);
        assertThat(rejected).isGreaterThan(10_000);
    }

    @Test
    void shouldRejectValuesWithoutAvroSchema() {
        assertThatThrownBy(() -> serializer.serialize("t", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void shouldRoundTripPrimitives() {
        assertThat(generic.deserialize("p", serializer.serialize("p", "episode-1"))).isEqualTo("episode-1");
        assertThat(generic.deserialize("q", serializer.serialize("q", 42L))).isEqualTo(42L);
    }

    @Test
    void shouldNameTheMissingRegistryUrlWhenConfiguredFromProperties() {
        AvroSerializer<Object> unconfigured = new AvroSerializer<>();

        assertThatThrownBy(() -> unconfigured.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldReadOldDataIntoTheCurrentGeneratedClass() {
        // A writer schema that lacks the optional "reason" field, as an older producer would have used.
        Schema old = new Schema.Parser().parse(EpisodeEvent.getClassSchema().toString()
                .replace(",{\"name\":\"reason\",\"type\":[\"null\",{\"type\":\"string\",\"avro.java.string\":\"String\"}],"
                        + "\"doc\":\"Why the episode was truncated or aborted, when it was.\",\"default\":null}", ""));
        assertThat(old.toString()).doesNotContain("\"reason\"");
        GenericRecord oldEvent = new org.apache.avro.generic.GenericRecordBuilder(old)
                .set("envelope", SampleEvents.envelope(9, 3))
                .set("body", new org.apache.avro.generic.GenericRecordBuilder(old.getField("body").schema().getTypes().get(1))
                        .set("outcome", new org.apache.avro.generic.GenericData.EnumSymbol(
                                old.getField("body").schema().getTypes().get(1).getField("outcome").schema(), "TERMINATED"))
                        .set("steps", 3).set("episode_return", 1.5).build())
                .build();

        Object back = specific.deserialize("e", serializer.serialize("e", oldEvent));

        assertThat(back).isInstanceOf(EpisodeEvent.class);
        io.mdpstream.events.EpisodeEnded ended = (io.mdpstream.events.EpisodeEnded) ((EpisodeEvent) back).getBody();
        assertThat(ended.getSteps()).isEqualTo(3);
        assertThat(ended.getReason()).isNull();
    }

    static byte[] plainAvro(GenericContainer record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Object>(record.getSchema(), EventModel.get()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
