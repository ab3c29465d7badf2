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
}
