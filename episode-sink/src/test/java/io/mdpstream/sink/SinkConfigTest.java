package io.mdpstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    @Test
    void defaultsShouldStoreParquetUnderMdpstreamDataAndRequireVerdicts() {
        SinkConfig config = SinkConfig.of("support");

        assertThat(config.outputDir()).isEqualTo(Path.of("mdpstream-data", "support"));
        assertThat(config.format()).isEqualTo(DataFormat.PARQUET);
        assertThat(config.verdicts()).isEqualTo(VerdictPolicy.REQUIRE);
        assertThat(config.groupId()).isEqualTo("mdpstream-sink-support");
        assertThat(config.stopWhenIdle()).isEqualTo(Duration.ZERO);
        assertThat(config.topics().verdicts()).isEqualTo("support.verdicts");
    }

    @Test
    void optionsShouldParseCaseInsensitivelyAndSurviveARoundTrip() {
        SinkConfig config = SinkConfig.from(Map.of(SinkConfig.NAMESPACE_CONFIG, "ns", SinkConfig.FORMAT_CONFIG, "JSONL",
                SinkConfig.VERDICTS_CONFIG, "Ignore", SinkConfig.OUTPUT_DIR_CONFIG, "/data/x", SinkConfig.BUFFER_MAX_BYTES_CONFIG, "1000000"));

        assertThat(config.format()).isEqualTo(DataFormat.JSONL);
        assertThat(config.verdicts()).isEqualTo(VerdictPolicy.IGNORE);
        assertThat(config.bufferMaxBytes()).isEqualTo(1_000_000);
        assertThat(SinkConfig.from(config.toMap())).isEqualTo(config);
    }

    @Test
    void shouldNameTheOptionThatIsWrong() {
        assertThatThrownBy(() -> SinkConfig.from(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.NAMESPACE_CONFIG);
        assertThatThrownBy(() -> SinkConfig.of("bad/namespace")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.NAMESPACE_CONFIG).hasMessageContaining("bad/namespace");
        assertThatThrownBy(() -> parse(SinkConfig.FORMAT_CONFIG, "csv")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.FORMAT_CONFIG).hasMessageContaining("PARQUET, JSONL");
        assertThatThrownBy(() -> parse(SinkConfig.VERDICTS_CONFIG, "maybe")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.VERDICTS_CONFIG);
        assertThatThrownBy(() -> parse(SinkConfig.BUFFER_MAX_BYTES_CONFIG, 1024)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.BUFFER_MAX_BYTES_CONFIG).hasMessageContaining("65536");
        assertThatThrownBy(() -> parse(SinkConfig.VERDICT_TIMEOUT_CONFIG, 0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.VERDICT_TIMEOUT_CONFIG);
        assertThatThrownBy(() -> parse(SinkConfig.FLUSH_MAX_STEPS_CONFIG, 0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.FLUSH_MAX_STEPS_CONFIG);
        assertThatThrownBy(() -> parse(SinkConfig.STOP_WHEN_IDLE_CONFIG, -1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.STOP_WHEN_IDLE_CONFIG);
    }

    private static SinkConfig parse(String option, Object value) {
        Map<String, Object> options = new HashMap<>();
        options.put(SinkConfig.NAMESPACE_CONFIG, "ns");
        options.put(option, value);
        return SinkConfig.from(options);
    }
}
