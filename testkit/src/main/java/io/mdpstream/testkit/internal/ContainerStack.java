package io.mdpstream.testkit.internal;

import io.mdpstream.testkit.KafkaStack;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka and Confluent Schema Registry in containers on one network. */
final class ContainerStack {

    static final String KAFKA_IMAGE_ENV = "MDPSTREAM_TEST_KAFKA_IMAGE";
    static final String REGISTRY_IMAGE_ENV = "MDPSTREAM_TEST_REGISTRY_IMAGE";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    private static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.9.0";

    private ContainerStack() {
    }

    static StartedStack start(Map<String, String> env) {
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(env.getOrDefault(KAFKA_IMAGE_ENV, KAFKA_IMAGE)))
                .withNetwork(network)
                .withListener("kafka:19092");
        kafka.start();
        GenericContainer<?> registry = new GenericContainer<>(
                DockerImageName.parse(env.getOrDefault(REGISTRY_IMAGE_ENV, REGISTRY_IMAGE)))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        try {
            registry.start();
        } catch (RuntimeException e) {
            kafka.stop();
            network.close();
            throw e;
        }
        String url = "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
        return new StartedStack(KafkaStack.Kind.TESTCONTAINERS, kafka.getBootstrapServers(), url, () -> {
            registry.stop();
            kafka.stop();
            network.close();
        });
    }
}
