package io.mdpstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @Test
    void shouldServeProducersAndConsumersAndCleanUpItsTemporaryData() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            dataDir = broker.dataDir();
            assertThat(Files.exists(dataDir.resolve("meta.properties"))).isTrue();
            produce(broker.bootstrapServers(), "greetings", "a", "b", "c");

            assertThat(consume(broker.bootstrapServers(), "greetings", 3)).containsExactly("a", "b", "c");
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void shouldKeepTopicsInAKeptDataDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
            produce(broker.bootstrapServers(), "durable", "kept");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
            assertThat(consume(broker.bootstrapServers(), "durable", 1)).containsExactly("kept");
        }
    }

    @Test
    void shouldNameTheBrokerPortWhenItIsAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(port).start())
                    .isInstanceOf(StackStartException.class)
                    .hasMessageContaining("broker port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void shouldRejectRecordsStampedMoreThanAnHourAheadLikeARealBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
             KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("future", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long twoHoursAhead = System.currentTimeMillis() + Duration.ofHours(2).toMillis();

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("future", null, twoHoursAhead, "k", "v"))
                    .get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.InvalidTimestampException.class);
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static void produce(String bootstrap, String topic, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    static List<String> consume(String bootstrap, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
