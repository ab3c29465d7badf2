package io.mdpstream.testkit;

import io.mdpstream.serde.AvroSerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker and schema registry for a test. Obtain one by declaring a {@code KafkaStack}
 * parameter in a test class annotated with {@link WithKafkaStack}; all tests of a JVM share it, so
 * tests name their topics and groups with {@link #uniqueName}.
 */
public interface KafkaStack {

    /** Where the stack comes from. */
    enum Kind {
        /** Endpoints from MDPSTREAM_BOOTSTRAP_SERVERS and MDPSTREAM_SCHEMA_REGISTRY_URL. */
        EXTERNAL,
        /** apache/kafka and Confluent schema-registry containers. */
        TESTCONTAINERS,
        /** The broker and registry of mdpstream-embedded, in the test JVM. */
        EMBEDDED
    }

    Kind kind();

    /** {@code host:port} of the broker. */
    String bootstrapServers();

    /** {@code http://host:port} of the schema registry. */
    String schemaRegistryUrl();

    /** Client properties that reach this stack: bootstrap servers and registry URL. */
    default Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl());
        return props;
    }

    /** {@code prefix-<random>}: a topic, group or namespace no other test uses. */
    default String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Creates topics with the given partition count and replication factor 1, waiting until done. */
    default void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + List.of(topics) + ": " + e.getMessage(), e);
        }
    }
}
