package io.mdpstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReplayConfigTest {

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> options = new HashMap<>(Map.of(ReplayConfig.SOURCE_CONFIG, "data", ReplayConfig.NAMESPACE_CONFIG, "ns"));
        options.put(key, value);
        return options;
    }

    @Test
    void defaultsShouldReplayUnperturbedAtMaxSpeed() {
        ReplayConfig config = ReplayConfig.of(Path.of("data"), "ns");

        assertThat(config.speed()).isInfinite();
        assertThat(config.perturbed()).isFalse();
        assertThat(config.includeQuarantine()).isFalse();
        assertThat(config.noiseClip()).isTrue();
        assertThat(config.topics().states()).isEqualTo("ns.states");
        assertThat(ReplayConfig.from(config.toMap())).isEqualTo(config);
    }

    @Test
    void aSpeedFactorShouldParse() {
        assertThat(ReplayConfig.from(with(ReplayConfig.SPEED_CONFIG, "60")).speed()).isEqualTo(60.0);
        assertThat(ReplayConfig.from(with(ReplayConfig.SPEED_CONFIG, "MAX")).speed()).isInfinite();
    }

    @ParameterizedTest
    @CsvSource({
            "speed, 0, must be max or a number > 0",
            "speed, fast, must be max or a number > 0",
            "time.scale, 0, must be a finite number > 0",
            "time.scale, -2, must be a finite number > 0",
            "thin.keep.probability, 0, must be in (0, 1]",
            "thin.keep.probability, 1.5, must be in (0, 1]",
            "noise.sigma, -0.1, must be a finite number >= 0",
            "partitions, 0, Value must be at least 1",
            "commit.interval.ms, 0, Value must be at least 1",
            "namespace, 'a b', namespace"})
    void aBadValueShouldFailNamingTheOption(String option, String value, String message) {
        assertThatThrownBy(() -> ReplayConfig.from(with(option, value))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(option).hasMessageContaining(message);
    }

    @Test
    void aMissingSourceShouldBeNamed() {
        assertThatThrownBy(() -> ReplayConfig.from(Map.of(ReplayConfig.NAMESPACE_CONFIG, "ns"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ReplayConfig.SOURCE_CONFIG);
    }

    @Test
    void everyOptionShouldBeDocumented() {
        ReplayConfig.DEFINITION.configKeys().values().forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }
}
