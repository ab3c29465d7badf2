package io.mdpstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.testkit.internal.Docker;
import io.mdpstream.testkit.internal.StackChoice;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StackChoiceTest {

    private static final Supplier<Docker.Probe> NO_DOCKER = () -> new Docker.Probe(false, "no engine");
    private static final Supplier<Docker.Probe> DOCKER = () -> new Docker.Probe(true, "Docker 1.47");

    @Test
    void shouldPreferExternalEndpointsWhenBothAreSet() {
        StackChoice choice = StackChoice.of(Map.of("MDPSTREAM_BOOTSTRAP_SERVERS", "kafka:9092",
                "MDPSTREAM_SCHEMA_REGISTRY_URL", "http://sr:8081"), DOCKER);

        assertThat(choice.kind()).isEqualTo(KafkaStack.Kind.EXTERNAL);
    }

    @Test
    void shouldUseContainersWhenDockerAnswers() {
        assertThat(StackChoice.of(Map.of(), DOCKER).kind()).isEqualTo(KafkaStack.Kind.TESTCONTAINERS);
    }

    @Test
    void shouldFallBackToTheEmbeddedStackAndSayWhy() {
        StackChoice choice = StackChoice.of(Map.of(), NO_DOCKER);

        assertThat(choice.kind()).isEqualTo(KafkaStack.Kind.EMBEDDED);
        assertThat(choice.reason()).contains("no engine");
    }

    @Test
    void shouldHonourAForcedChoice() {
        assertThat(StackChoice.of(Map.of("MDPSTREAM_TEST_STACK", "embedded"), DOCKER).kind())
                .isEqualTo(KafkaStack.Kind.EMBEDDED);
    }

    @Test
    void shouldRefuseHalfAnExternalStack() {
        assertThatThrownBy(() -> StackChoice.of(Map.of("MDPSTREAM_BOOTSTRAP_SERVERS", "kafka:9092"), NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MDPSTREAM_SCHEMA_REGISTRY_URL");
    }

    @Test
    void shouldRefuseAForcedChoiceThatCannotBeHad() {
        assertThatThrownBy(() -> StackChoice.of(Map.of("MDPSTREAM_TEST_STACK", "testcontainers"), NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no engine");
        assertThatThrownBy(() -> StackChoice.of(Map.of("MDPSTREAM_TEST_STACK", "cloud"), NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cloud");
    }
}
