package io.mdpstream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.registry.RegistryUnavailableException;
import io.mdpstream.registry.RestClientException;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.sink.SinkException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class VerdictReaderTest {

    private static final String TOPIC = "ns.verdicts";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final EpisodeVerdict verdict = EpisodeVerdict.newBuilder().setRunId("r").setEpisodeId("e-1").setScenario("toy")
            .setScenarioVersion("1").setValid(true).setEventCount(7).setSteps(2).setSimTime(Instant.EPOCH)
            .setViolationsByRule(Map.of()).build();
    private final byte[] value = new AvroSerializer<Object>(registry).serialize(TOPIC, verdict);

    @Test
    void shouldReadAVerdict() {
        assertThat(new VerdictReader(registry).read(TOPIC, value)).isEqualTo(verdict);
    }

    @Test
    void aValueThatIsNotAVerdictShouldBeUndecodable() {
        byte[] notAVerdict = new AvroSerializer<Object>(registry).serialize("elsewhere", "text");

        assertThatThrownBy(() -> new VerdictReader(registry).read(TOPIC, notAVerdict)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> new VerdictReader(registry).read(TOPIC, new byte[] {1, 2})).isInstanceOf(SerializationException.class);
    }

    @Test
    void aSchemaTheRegistryDoesNotKnowShouldBeUndecodable() {
        SchemaRegistryClient failing = failingSchemaById(new RestClientException("Schema not found", 404, RestClientException.SCHEMA_NOT_FOUND));

        assertThatThrownBy(() -> new VerdictReader(failing).read(TOPIC, value)).isInstanceOf(SerializationException.class);
    }

    /** Skipping the verdict would let the committed offset pass it: after a restart its episode would wait in vain. */
    @Test
    void aRegistryThatCannotAnswerNowShouldStopTheSinkRatherThanSkipTheVerdict() {
        SchemaRegistryClient unreachable = failingSchemaById(new RegistryUnavailableException("connection refused",
                new IOException("refused")));
        SchemaRegistryClient failing = failingSchemaById(new RestClientException("Error in the backend data store", 500, 50001));

        assertThatThrownBy(() -> new VerdictReader(unreachable).read(TOPIC, value)).isInstanceOf(SinkException.class)
                .hasMessageContaining("schema registry");
        assertThatThrownBy(() -> new VerdictReader(failing).read(TOPIC, value)).isInstanceOf(SinkException.class)
                .hasMessageContaining("schema registry");
    }

    /** The registry of this test, except that looking a schema up by id fails. */
    private SchemaRegistryClient failingSchemaById(RuntimeException failure) {
        return (SchemaRegistryClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SchemaRegistryClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("schemaById")) {
                        throw failure;
                    }
                    try {
                        return method.invoke(registry, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
