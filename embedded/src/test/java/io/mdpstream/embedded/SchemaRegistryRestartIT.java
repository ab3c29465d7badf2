package io.mdpstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.CompatibilityLevel;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry keeps its state in Kafka, as Confluent's does: a restart keeps every id. */
class SchemaRegistryRestartIT {

    @Test
    void shouldKeepIdsVersionsAndConfigWhenTheRegistryRestarts() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            Map<String, Integer> before;
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).start();
                 SchemaRegistryClient client = client(registry.url())) {
                before = registerSome(client);
                client.setCompatibility("s2-value", CompatibilityLevel.FULL);
                client.deleteSubject("s3-value", false);
            }
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).start();
                 SchemaRegistryClient client = client(registry.url())) {
                assertSameState(client, before);
                assertThat(client.compatibility("s2-value")).isEqualTo(CompatibilityLevel.FULL);
                assertThat(client.subjects()).doesNotContain("s3-value");
                int next = client.register("s9-value", record("Brand", "new"));
                assertThat(next).isGreaterThan(before.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
            }
        }
    }

    @Test
    void shouldKeepIdsWhenTheWholeStackRestartsOnAKeptDataDirectory(@TempDir Path dir) {
        Map<String, Integer> before;
        try (EmbeddedStack stack = EmbeddedStack.builder().dataDir(dir).start();
             SchemaRegistryClient client = client(stack.schemaRegistryUrl())) {
            before = registerSome(client);
        }
        try (EmbeddedStack stack = EmbeddedStack.builder().dataDir(dir).start();
             SchemaRegistryClient client = client(stack.schemaRegistryUrl())) {
            assertSameState(client, before);
        }
    }

    @Test
    void shouldNameTheRegistryPortWhenItIsAlreadyInUse() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).port(port).start())
                    .isInstanceOf(StackStartException.class)
                    .hasMessageContaining("schema registry port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    private static Map<String, Integer> registerSome(SchemaRegistryClient client) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            ids.put("s" + i + "-value/1", client.register("s" + i + "-value", record("R" + i, "a")));
            ids.put("s" + i + "-value/2", client.register("s" + i + "-value", record("R" + i, "a", "b")));
        }
        return ids;
    }

    private static void assertSameState(SchemaRegistryClient client, Map<String, Integer> before) {
        for (Map.Entry<String, Integer> entry : before.entrySet()) {
            String[] parts = entry.getKey().split("/");
            if (!client.subjects().contains(parts[0])) {
                continue;
            }
            assertThat(client.version(parts[0], Integer.parseInt(parts[1])).id()).as(entry.getKey()).isEqualTo(entry.getValue());
            assertThat(client.schemaById(entry.getValue())).isNotNull();
        }
        assertThat(client.subjects()).contains("s1-value", "s2-value");
        assertThat(client.versions("s1-value")).isEqualTo(List.of(1, 2));
    }

    private static Schema record(String name, String... fields) {
        SchemaBuilder.FieldAssembler<Schema> assembler = SchemaBuilder.record(name).fields();
        for (int i = 0; i < fields.length; i++) {
            assembler = i == 0 ? assembler.requiredString(fields[i]) : assembler.name(fields[i]).type().stringType().stringDefault("");
        }
        return assembler.endRecord();
    }

    private static SchemaRegistryClient client(String url) {
        return CachingSchemaRegistryClient.connect(RegistryClientConfig.of(url));
    }
}
