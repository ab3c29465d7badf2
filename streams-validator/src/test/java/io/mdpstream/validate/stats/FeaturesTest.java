package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    private static final Schema POSITION = SchemaBuilder.record("Position").fields()
            .requiredDouble("x")
            .requiredInt("y")
            .endRecord();
    private static final Schema CELL = SchemaBuilder.record("Cell").fields()
            .requiredBoolean("free")
            .requiredString("label")
            .endRecord();
    private static final Schema COLOR = SchemaBuilder.enumeration("Color").symbols("RED", "GREEN");
    private static final Schema OBSERVATION = SchemaBuilder.record("Observation").fields()
            .requiredDouble("speed")
            .requiredLong("tick")
            .requiredFloat("load")
            .requiredBoolean("open")
            .requiredString("name")
            .name("color").type(COLOR).noDefault()
            .name("position").type(POSITION).noDefault()
            .name("lidar").type().array().items().doubleType().noDefault()
            .name("cells").type().array().items(CELL).noDefault()
            .optionalDouble("missing")
            .optionalDouble("present")
            .name("extra").type().map().values().doubleType().noDefault()
            .endRecord();

    @Test
    void shouldFlattenNestedRecordsArraysAndBooleansInFieldOrder() {
        GenericRecord observation = new GenericRecordBuilder(OBSERVATION)
                .set("speed", 1.5)
                .set("tick", 42L)
                .set("load", 0.25f)
                .set("open", true)
                .set("name", "north")
                .set("color", new GenericData.EnumSymbol(COLOR, "RED"))
                .set("position", new GenericRecordBuilder(POSITION).set("x", -3.0).set("y", 7).build())
                .set("lidar", List.of(0.5, 1.0, 2.0))
                .set("cells", List.of(
                        new GenericRecordBuilder(CELL).set("free", false).set("label", "a").build(),
                        new GenericRecordBuilder(CELL).set("free", true).set("label", "b").build()))
                .set("missing", null)
                .set("present", 9.0)
                .set("extra", Map.of("k", 1.0))
                .build();

        Map<String, Double> features = Features.flatten(observation);

        assertThat(features).containsExactly(
                entry("speed", 1.5),
                entry("tick", 42.0),
                entry("load", 0.25),
                entry("open", 1.0),
                entry("position.x", -3.0),
                entry("position.y", 7.0),
                entry("lidar[0]", 0.5),
                entry("lidar[1]", 1.0),
                entry("lidar[2]", 2.0),
                entry("cells[0].free", 0.0),
                entry("cells[1].free", 1.0),
                entry("present", 9.0));
    }

    @Test
    void shouldKeepNonFiniteValuesForTheSummaryToCount() {
        Schema schema = SchemaBuilder.record("R").fields().requiredDouble("v").endRecord();
        GenericRecord record = new GenericRecordBuilder(schema).set("v", Double.NaN).build();

        assertThat(Features.flatten(record)).containsExactly(entry("v", Double.NaN));
    }
}
