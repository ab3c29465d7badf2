package io.mdpstream.regress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
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
    void anExternalAgentShouldGetSimulatesDefaultsAndAnyLegalNamespace() {
        RegressConfig config = RegressConfig.of(Path.of("base"), "external");

        assertThat(config.externalAgent()).isTrue();
        assertThat(config.namespace()).as("derived from the scenario when the regression starts").isNull();
        assertThat(config.agentTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.inFlight()).isEqualTo(8);
        assertThat(config.partitions()).isEqualTo(3);
        Map<String, Object> options = new HashMap<>(config.toMap());
        options.put(RegressConfig.NAMESPACE_CONFIG, "ci.agent-7");
        assertThat(RegressConfig.from(options).namespace()).isEqualTo("ci.agent-7");
        assertThat(RegressConfig.from(RegressConfig.from(options).toMap())).isEqualTo(RegressConfig.from(options));
        options.put(RegressConfig.NAMESPACE_CONFIG, "no spaces");
        assertThatThrownBy(() -> RegressConfig.from(options)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("namespace").hasMessageContaining("not a legal topic prefix");
        options.put(RegressConfig.NAMESPACE_CONFIG, "ok");
        options.put(RegressConfig.AGENT_TIMEOUT_MS_CONFIG, 0L);
        assertThatThrownBy(() -> RegressConfig.from(options)).hasMessageContaining(RegressConfig.AGENT_TIMEOUT_MS_CONFIG);
        options.put(RegressConfig.AGENT_TIMEOUT_MS_CONFIG, 10L);
        options.put(RegressConfig.IN_FLIGHT_CONFIG, 0);
        assertThatThrownBy(() -> RegressConfig.from(options)).hasMessageContaining(RegressConfig.IN_FLIGHT_CONFIG);
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
