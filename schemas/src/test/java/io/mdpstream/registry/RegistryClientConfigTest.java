package io.mdpstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void shouldReadSeveralUrlsAndUserInfo() {
        RegistryClientConfig config = RegistryClientConfig.from(Map.of(
                "schema.registry.url", "http://a:8081/, http://b:8081",
                "basic.auth.user.info", "alice:s3cret"));

        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
        assertThat(config.userInfo()).isEqualTo("alice:s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldTakeCredentialsFromTheUrlWhenAsked() {
        RegistryClientConfig config = RegistryClientConfig.from(Map.of(
                "schema.registry.url", "https://bob:pw@registry.example:443",
                "basic.auth.credentials.source", "URL"));

        assertThat(config.userInfo()).isEqualTo("bob:pw");
        assertThat(config.urls()).containsExactly(URI.create("https://registry.example:443"));
    }

    @Test
    void shouldNameTheOptionThatIsWrong() {
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> RegistryClientConfig.of("ftp://x:1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", "http://a:1",
                "schema.registry.ssl.truststore.location", "/nonexistent/trust.jks")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.ssl.truststore.location");
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", "http://a:1",
                "schema.registry.request.timeout.ms", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.request.timeout.ms");
    }

    @Test
    void shouldRequireUserAndPasswordInUserInfo() {
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", "http://a:1",
                "basic.auth.user.info", "justauser")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
        assertThat(RegistryClientConfig.of("http://a:1").urls()).isEqualTo(List.of(URI.create("http://a:1")));
    }
}
