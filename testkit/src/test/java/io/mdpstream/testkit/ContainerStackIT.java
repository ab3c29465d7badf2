package io.mdpstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.testing.SampleEvents;
import io.mdpstream.testkit.internal.StackChoice;
import io.mdpstream.testkit.internal.StartedStack;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The serde against Confluent's own Schema Registry in a container: the reference implementation
 * this project's registry and client imitate. Skipped, with the reason, where no Docker engine runs.
 */
@RequiresDocker
class ContainerStackIT {

    @Test
    void serdeShouldRoundTripThroughConfluentSchemaRegistry() throws Exception {
        try (StartedStack stack = StartedStack.start(new StackChoice(KafkaStack.Kind.TESTCONTAINERS, "test"), Map.of());
             SchemaRegistryClient client = CachingSchemaRegistryClient.connect(RegistryClientConfig.of(stack.schemaRegistryUrl()))) {
            AvroSerializer<Object> serializer = new AvroSerializer<>(client);
            AvroDeserializer<Object> deserializer = new AvroDeserializer<>(client, true);
            for (Map.Entry<String, Object> event : SampleEvents.all().entrySet()) {
                byte[] bytes = serializer.serialize("c." + event.getKey(), event.getValue());
                assertThat(deserializer.deserialize("c." + event.getKey(), bytes)).isEqualTo(event.getValue());
            }
            assertThat(client.subjects()).contains("c.state-value");
        }
    }
}
