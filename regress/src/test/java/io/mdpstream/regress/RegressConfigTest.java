package io.mdpstream.regress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegressConfigTest {

    @Test
    void defaultsShouldBeAllEpisodesAt95PercentWithNoMargin() {
        RegressConfig config = RegressConfig.of(Path.of("base"), "random");

        assertThat(config.episodes()).isZero();
        assertThat(config.confidence()).isEqualTo(0.95);
        assertThat(config.margin()).isZero();
        assertThat(RegressConfig.from(config.toMap())).isEqualTo(config);
    }

    @Test
    void aBadValueShouldFailNamingTheOption() {
        Map<String, Object> options = new HashMap<>(RegressConfig.of(Path.of("base"), "random").toMap());
        options.put(RegressConfig.CONFIDENCE_CONFIG, 1.5);
        assertThatThrownBy(() -> RegressConfig.from(options)).isInstanceOf(ConfigException.class).hasMessageContaining("confidence");
        options.put(RegressConfig.CONFIDENCE_CONFIG, 0.9);
        options.put(RegressConfig.MARGIN_CONFIG, -1.0);
        assertThatThrownBy(() -> RegressConfig.from(options)).hasMessageContaining("margin");
        options.put(RegressConfig.MARGIN_CONFIG, 0.0);
        options.remove(RegressConfig.POLICY_CONFIG);
        assertThatThrownBy(() -> RegressConfig.from(options)).hasMessageContaining("policy");
    }
}
