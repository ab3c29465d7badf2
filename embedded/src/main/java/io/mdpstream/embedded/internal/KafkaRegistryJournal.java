package io.mdpstream.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mdpstream.registry.CompatibilityLevel;
import io.mdpstream.registry.RegistryRecord;
import io.mdpstream.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Keeps registry changes in a compacted single-partition Kafka topic, with the key and value JSON
 * that Confluent Schema Registry writes to its {@code _schemas} topic: a schema version under
 * {@code {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}}, a compatibility level under
 * {@code {"keytype":"CONFIG","subject":..,"magic":0}}, and a null value for a removed entry.
 * Compaction keeps the latest value per key, which is the registry's state.
 */
public final class KafkaRegistryJournal implements RegistryRecord.Journal, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    private KafkaRegistryJournal(String bootstrapServers, String topic, KafkaProducer<byte[], byte[]> producer,
                                 Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.producer = producer;
        this.timeout = timeout;
    }

    /** Creates the topic if needed (checking an existing one) and opens the journal for appends. */
    public static KafkaRegistryJournal open(String bootstrapServers, String topic, Duration timeout) {
        ensureTopic(bootstrapServers, topic, timeout);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "mdpstream-registry-journal");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeout.toMillis(), 1000)));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 30_000)));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaRegistryJournal(bootstrapServers, topic,
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()), timeout);
    }

    @Override
    public void append(RegistryRecord record) {
        byte[][] kv = encode(record);
        try {
            producer.send(new ProducerRecord<>(topic, 0, kv[0], kv[1])).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaRegistryException("cannot write to the registry topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static byte[][] encode(RegistryRecord record) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = null;
        if (record instanceof RegistryRecord.SchemaVersion v) {
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("magic", 1);
            value = JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema()).put("deleted", v.deleted());
        } else if (record instanceof RegistryRecord.SchemaErased e) {
            key.put("keytype", "SCHEMA").put("subject", e.subject()).put("version", e.version()).put("magic", 1);
        } else if (record instanceof RegistryRecord.Config c) {
            key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
            if (c.level() != null) {
                value = JSON.createObjectNode().put("compatibilityLevel", c.level().name());
            }
        }
        return new byte[][] {bytes(key), value == null ? null : bytes(value)};
    }

    /** The change a topic record stands for; empty for keys this registry does not use (e.g. NOOP, MODE). */
    static Optional<RegistryRecord> decode(byte[] keyBytes, byte[] valueBytes) throws IOException {
        JsonNode key = JSON.readTree(keyBytes);
        String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
        switch (key.path("keytype").asText()) {
            case "SCHEMA": {
                int version = key.path("version").asInt();
                if (valueBytes == null) {
                    return Optional.of(new RegistryRecord.SchemaErased(subject, version));
                }
                JsonNode value = JSON.readTree(valueBytes);
                return Optional.of(new RegistryRecord.SchemaVersion(subject, version, value.path("id").asInt(),
                        value.path("schema").asText(), value.path("deleted").asBoolean(false)));
            }
            case "CONFIG": {
                CompatibilityLevel level = valueBytes == null ? null
                        : CompatibilityLevel.parse(JSON.readTree(valueBytes).path("compatibilityLevel").asText());
                return Optional.of(new RegistryRecord.Config(subject, level));
            }
            default:
                return Optional.empty();
        }
    }

    private static void ensureTopic(String bootstrapServers, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                tryEnsureTopic(bootstrapServers, topic, timeout);
                return;
            } catch (SchemaRegistryException e) {
                // A broker that just restarted knows the topic before it hosts the partition again.
                if (!(e.getCause() instanceof ExecutionException ee && ee.getCause() instanceof RetriableException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void tryEnsureTopic(String bootstrapServers, String topic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (description.partitions().size() != 1 || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                throw new SchemaRegistryException("registry topic " + topic + " exists with "
                        + description.partitions().size() + " partitions and cleanup.policy=" + policy
                        + "; it needs 1 partition and cleanup.policy=compact, or another topic name");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while preparing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaRegistryException("cannot prepare the registry topic " + topic + " on " + bootstrapServers
                    + ": " + e.getMessage(), e);
        }
    }

    /** Feeds every change in the topic, oldest first, to {@code sink}. */
    public void replay(Consumer<RegistryRecord> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new SchemaRegistryException("replaying " + topic + " took longer than " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        decode(record.key(), record.value()).ifPresent(sink);
                    } catch (IOException | RuntimeException e) {
                        throw new SchemaRegistryException("registry topic " + topic + " has an unreadable record at offset "
                                + record.offset() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
