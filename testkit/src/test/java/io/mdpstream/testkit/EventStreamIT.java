package io.mdpstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.testing.SampleEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every event type of the contract goes through a real broker and registry and comes back equal,
 * with producers and consumers configured from properties as an application would configure them.
 */
@WithKafkaStack
class EventStreamIT {

    @Test
    void shouldProduceAndConsumeEveryEventTypeThroughSerdeAndRegistry(KafkaStack stack) throws Exception {
        String prefix = stack.uniqueName("contract");
        Map<String, Object> events = SampleEvents.all();
        try (KafkaProducer<String, Object> producer = producer(stack)) {
            for (Map.Entry<String, Object> event : events.entrySet()) {
                producer.send(new ProducerRecord<>(prefix + "." + event.getKey(), "run-7-ep-000042", event.getValue()))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        Map<String, Object> received = new HashMap<>();
        try (KafkaConsumer<String, Object> consumer = consumer(stack)) {
            consumer.subscribe(events.keySet().stream().map(k -> prefix + "." + k).toList());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < events.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(250))) {
                    assertThat(record.key()).isEqualTo("run-7-ep-000042");
                    received.put(record.topic().substring(prefix.length() + 1), record.value());
                }
            }
        }

        assertThat(received).containsExactlyInAnyOrderEntriesOf(events);
    }

    @Test
    void shouldRegisterOneSubjectPerTopicUnderTopicNameStrategy(KafkaStack stack) throws Exception {
        String topic = stack.uniqueName("subjects") + ".rewards";
        try (KafkaProducer<String, Object> producer = producer(stack)) {
            producer.send(new ProducerRecord<>(topic, "k", SampleEvents.reward())).get(30, TimeUnit.SECONDS);
        }

        try (var client = io.mdpstream.registry.CachingSchemaRegistryClient.connect(
                io.mdpstream.registry.RegistryClientConfig.of(stack.schemaRegistryUrl()))) {
            assertThat(client.latest(topic + "-value").schema().getFullName()).isEqualTo("io.mdpstream.events.Reward");
        }
    }

    static KafkaProducer<String, Object> producer(KafkaStack stack) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    static KafkaConsumer<String, Object> consumer(KafkaStack stack) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("group"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);
        return new KafkaConsumer<>(props);
    }

    static List<ConsumerRecord<String, Object>> readAll(KafkaConsumer<String, Object> consumer, Set<String> topics, int count) {
        consumer.subscribe(topics);
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(250)).forEach(records::add);
        }
        return records;
    }
}
