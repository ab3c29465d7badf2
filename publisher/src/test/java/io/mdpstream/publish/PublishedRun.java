package io.mdpstream.publish;

import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.testkit.KafkaStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads back what a run published, as a read_committed consumer does. */
final class PublishedRun {

    /** One record: where it was, its key and timestamp, and its value. */
    record Event(String topic, int partition, long offset, String key, long timestamp, Object value, long receivedNanos) {

        GenericRecord record() {
            return (GenericRecord) value;
        }

        GenericRecord envelope() {
            return (GenericRecord) record().get("envelope");
        }

        long seq() {
            return (Long) envelope().get("seq");
        }

        String episodeId() {
            return envelope().get("episode_id").toString();
        }
    }

    private PublishedRun() {
    }

    /** Every committed record of the topics, reading until {@code quiet} passes with nothing new. */
    static List<Event> read(KafkaStack stack, Collection<String> topics, Duration quiet) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(topics);
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(new Event(r.topic(), r.partition(), r.offset(), r.key(), r.timestamp(), r.value(), System.nanoTime()));
                    lastNew = System.nanoTime();
                }
                if (System.nanoTime() - lastNew > TimeUnit.MINUTES.toNanos(2)) {
                    break;
                }
            }
        }
        return events;
    }
}
