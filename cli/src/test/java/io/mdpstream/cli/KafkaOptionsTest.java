package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaOptionsTest {

    @Test
    void clientConfigShouldPassSaslTlsAndRegistrySettingsThrough(@TempDir Path dir) throws Exception {
        KafkaOptions options = new KafkaOptions();
        options.clientConfig = Files.writeString(dir.resolve("client.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";
                ssl.truststore.location=/etc/kafka/truststore.jks
                basic.auth.credentials.source=USER_INFO
                basic.auth.user.info=alice:s3cret
                schema.registry.ssl.truststore.location=/etc/registry/truststore.jks
                """);

        Map<String, Object> props = options.clientProperties("kafka:9093", "https://registry:8081");

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("basic.auth.user.info", "alice:s3cret")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/registry/truststore.jks")
                .containsEntry("bootstrap.servers", "kafka:9093").containsEntry("schema.registry.url", "https://registry:8081");
    }

    @Test
    void shouldNameAMissingClientConfigFile(@TempDir Path dir) {
        KafkaOptions options = new KafkaOptions();
        options.clientConfig = dir.resolve("absent.properties");

        assertThatThrownBy(() -> options.clientProperties("k:1", "http://r:1")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--client-config").hasMessageContaining("absent.properties");
    }

    @Test
    void durationsShouldReadAsPeopleWriteThem() {
        Durations durations = new Durations();

        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(durations.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> durations.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'soon'");
    }
}
