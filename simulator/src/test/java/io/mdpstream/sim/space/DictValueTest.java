package io.mdpstream.sim.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DictValueTest {

    private static final Dict OBS = Dict.builder()
            .add("stock", Box.integerVector(3, 0, 500))
            .add("wait_s", Box.continuous(0, Double.POSITIVE_INFINITY))
            .add("hour", new Discrete(24))
            .build();

    @Test
    void shouldIterateInDeclaredOrderWhateverTheOrderOfPuts() {
        Map<String, Object> value = OBS.newValue();
        value.put("hour", 7);
        value.put("stock", new long[] {1, 2, 3});
        value.put("wait_s", 2.5);

        assertThat(value.keySet()).containsExactly("stock", "wait_s", "hour");
        assertThat(OBS.ordered(value)).isSameAs(value);
        assertThat(OBS.violation(value, "obs")).isNull();
    }

    @Test
    void shouldBehaveAsAMapWithTheSameEntries() {
        Map<String, Object> value = OBS.newValue();
        value.put("wait_s", 2.5);
        value.put("hour", null);
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("wait_s", 2.5);
        same.put("hour", null);

        assertThat(value).isEqualTo(same).hasSameHashCodeAs(same).hasSize(2);
        assertThat(value.containsKey("hour")).isTrue();
        assertThat(value.containsKey("stock")).isFalse();
        assertThat(value.get("unknown")).isNull();
        assertThat(value.toString()).isEqualTo("{wait_s=2.5, hour=null}");
        assertThat(value.put("wait_s", 3.0)).isEqualTo(2.5);
        assertThat(value.remove("hour")).isNull();
        assertThat(value).containsOnlyKeys("wait_s");
        value.entrySet().removeIf(e -> e.getKey().equals("wait_s"));
        assertThat(value).isEmpty();
    }

    @Test
    void shouldNotBeReturnedAsItIsWhileEntriesAreMissing() {
        Map<String, Object> partial = OBS.newValue();
        partial.put("hour", 3);

        assertThat(OBS.violation(partial, "obs")).isEqualTo("obs.stock is missing");
        assertThat(OBS.ordered(partial)).isNotSameAs(partial);
    }

    @Test
    void shouldRefuseAKeyTheSpaceDoesNotDeclare() {
        Map<String, Object> value = OBS.newValue();

        assertThatThrownBy(() -> value.put("stok", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no entry 'stok' in [stock, wait_s, hour]");
    }

    @Test
    void shouldFindEveryEntryOfALargeSpaceByAnEqualNameNotOnlyByTheSameString() {
        // Forty names in a table of 128 slots: some share a first slot, so lookups must probe past others' names.
        Dict.Builder builder = Dict.builder();
        String[] names = new String[40];
        for (int i = 0; i < names.length; i++) {
            names[i] = "feature_" + i;
            builder.add(names[i], Box.continuous(0, 100));
        }
        Dict space = builder.build();
        Map<String, Object> value = space.newValue();
        for (int i = 0; i < names.length; i++) {
            value.put(new String(names[i]), (double) i); // equal, not the same instance
        }

        for (int i = 0; i < names.length; i++) {
            assertThat(value.get(names[i])).isEqualTo((double) i);
        }
        assertThat(value.keySet()).containsExactly(names);
        assertThat(value.get("feature_40")).isNull();
        assertThat(value.get(40)).isNull();
        assertThat(value.containsKey(null)).isFalse();
    }

    @Test
    void shouldMapToTheSameAvroRecordAsAnOrdinaryMap() {
        org.apache.avro.Schema schema = OBS.avroSchema("Obs", "test");
        Map<String, Object> value = OBS.newValue();
        value.put("hour", 7);
        value.put("wait_s", 2.5);
        value.put("stock", new long[] {1, 2, 3});
        Map<String, Object> same = new LinkedHashMap<>(value);

        assertThat(OBS.toAvro(value, schema)).isEqualTo(OBS.toAvro(same, schema));
        value.remove("wait_s");
        same.remove("wait_s");
        assertThat(OBS.toAvro(value, schema)).isEqualTo(OBS.toAvro(same, schema));
    }
}
