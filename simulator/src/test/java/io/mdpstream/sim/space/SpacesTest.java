package io.mdpstream.sim.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SpacesTest {

    private static final Dict OBS = Dict.builder()
            .add("stock", Box.integerVector(3, 0, 500), "units per SKU class")
            .add("wait_s", Box.continuous(0, Double.POSITIVE_INFINITY))
            .add("hour", new Discrete(24))
            .add("lanes", new MultiDiscrete(2, 3))
            .build();

    @Test
    void shouldContainSamplesAndRejectValuesOutsideWithAReason() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(OBS.contains(OBS.sample(random))).isTrue();
        }
        Map<String, Object> bad = value(new long[] {1, -2, 3});

        assertThat(OBS.violation(bad, "obs")).isEqualTo("obs.stock[1] = -2.0 is outside [0, 500]");
        assertThat(new Discrete(3).violation(3, "a")).contains("not one of 0..2");
        assertThat(OBS.violation(Map.of("stok", 1), "obs")).contains("unknown entry 'stok'");
        assertThat(OBS.violation(Map.of("stock", 1), "obs")).isEqualTo("obs.stock must be long[3], got Integer 1");
    }

    @Test
    void shouldHonourMasksOverTheFlattenedDiscreteLayout() {
        Dict action = Dict.builder().add("order", new Discrete(3)).add("reorder", new Discrete(2)).build();
        boolean[] mask = {true, false, true, true, false};
        Map<String, Object> masked = new LinkedHashMap<>(Map.of("order", 1, "reorder", 0));
        Map<String, Object> allowed = new LinkedHashMap<>(Map.of("order", 2, "reorder", 0));

        assertThat(action.maskLength()).isEqualTo(5);
        assertThat(action.violation(masked, mask, "action")).isEqualTo("action.order = 1 is masked out (not valid now)");
        assertThat(action.violation(allowed, mask, "action")).isNull();
        assertThat(action.violation(allowed, new boolean[] {true}, "action")).contains("mask has 1 entries");
    }

    @Test
    void shouldFlattenWithOneHotChoicesAndNamedColumns() {
        double[] flat = OBS.flatten(value(new long[] {4, 5, 6}));

        assertThat(flat).hasSize(OBS.flatDimension()).hasSize(3 + 1 + 24 + 5);
        assertThat(OBS.flatNames("")).startsWith("stock[0]", "stock[1]", "stock[2]", "wait_s", "hour=0");
        assertThat(flat[4 + 7]).isEqualTo(1.0); // hour 7
    }

    @Test
    void shouldRoundTripThroughItsTypedAvroRecord() {
        Schema schema = OBS.avroSchema("Observation", "io.mdpstream.scenario.test");
        Map<String, Object> value = value(new long[] {1, 2, 3});

        GenericRecord record = (GenericRecord) OBS.toAvro(value, schema);

        assertThat(schema.getField("stock").schema().getType()).isEqualTo(Schema.Type.ARRAY);
        assertThat(schema.getField("hour").schema().getType()).isEqualTo(Schema.Type.INT);
        assertThat(record.get("wait_s")).isEqualTo(12.5);
        Map<?, ?> back = (Map<?, ?>) OBS.fromAvro(record);
        assertThat(back.get("stock")).isEqualTo(new long[] {1, 2, 3});
        assertThat(back.get("lanes")).isEqualTo(new int[] {1, 2});
    }

    @Test
    void shouldReadRecordsOfAnotherWritersSchemaByNameAndNameAFieldThatIsMissing() {
        Schema schema = OBS.avroSchema("Observation", "io.mdpstream.scenario.test");
        GenericRecord record = (GenericRecord) OBS.toAvro(value(new long[] {4, 5, 6}), schema);
        // The same fields in reverse order, as another writer might have them.
        List<Schema.Field> reversed = new java.util.ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            reversed.add(0, new Schema.Field(field.name(), field.schema()));
        }
        Schema other = Schema.createRecord("Observation", null, "io.mdpstream.scenario.other", false, reversed);
        GenericData.Record copy = new GenericData.Record(other);
        schema.getFields().forEach(field -> copy.put(field.name(), record.get(field.pos())));

        Map<?, ?> back = (Map<?, ?>) OBS.fromAvro(copy); // read by name, whatever the position
        assertThat(back.get("stock")).isEqualTo(new long[] {4, 5, 6});
        assertThat(back.get("wait_s")).isEqualTo(record.get("wait_s"));
        assertThat(back.get("lanes")).isEqualTo(new int[] {1, 2});

        Schema lacking = Schema.createRecord("Observation", null, "io.mdpstream.scenario.lacking", false,
                List.of(new Schema.Field("stock", schema.getField("stock").schema())));
        GenericData.Record partial = new GenericData.Record(lacking);
        partial.put("stock", record.get("stock"));
        assertThatThrownBy(() -> OBS.fromAvro(partial)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks field 'wait_s'");
    }

    @Test
    void shouldWriteTheSameAvroBytesAsADatumWriterWritesItsRecord() throws IOException {
        Dict nested = Dict.builder().add("inner", OBS).add("note", new Text(12)).add("count", Box.integer(0, 9)).build();
        List<Space> spaces = List.of(OBS, nested, Box.continuous(-1, 1), Box.integer(-5, 5), Box.vector(4, 0, 1),
                new Discrete(5, 3), new MultiDiscrete(2, 4, 3), new Text(8));
        SplittableRandom random = new SplittableRandom(11);
        for (Space space : spaces) {
            Schema schema = space.avroSchema("Value", "io.mdpstream.scenario.test");
            for (int i = 0; i < 200; i++) {
                Object value = space.sample(random);

                assertThat(written(space, value)).as("%s: %s", space, value)
                        .isEqualTo(datumWritten(schema, space.toAvro(value, schema)));
            }
        }
        // A dict's own value type, filled in another order, writes as the map it equals.
        Map<String, Object> filled = OBS.newValue();
        filled.put("lanes", new int[] {1, 2});
        filled.put("hour", 7);
        filled.put("wait_s", 2.5);
        filled.put("stock", new long[] {1, 2, 3});
        Schema schema = OBS.avroSchema("Obs", "test");
        assertThat(written(OBS, filled)).isEqualTo(datumWritten(schema, OBS.toAvro(new LinkedHashMap<>(filled), schema)));
    }

    private static byte[] written(Space space, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        space.writeAvro(value, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static byte[] datumWritten(Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<>(schema).write(datum, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    @Test
    void shouldRefuseBadDeclarations() {
        assertThatThrownBy(() -> Box.continuous(2, 1)).hasMessageContaining("low <= high");
        assertThatThrownBy(() -> new Discrete(0)).hasMessageContaining("n >= 1");
        assertThatThrownBy(() -> Dict.builder().add("QueueLength", new Discrete(2))).hasMessageContaining("lower_snake_case");
    }

    private static Map<String, Object> value(long[] stock) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("stock", stock);
        value.put("wait_s", 12.5);
        value.put("hour", 7);
        value.put("lanes", new int[] {1, 2});
        return value;
    }
}
