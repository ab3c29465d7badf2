package io.mdpstream.examples.agent;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.publish.TopicSetup;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.testkit.KafkaStack;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A run of the support scenario with an external agent in the loop, and what it left on the topics. */
final class AgentLoop {

    static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    static final Scenario SUPPORT = Scenarios.named("support");

    /** One committed record. */
    record Record(String topic, String key, GenericRecord value) {

        String episodeId() {
            return value.get("envelope") instanceof GenericRecord envelope ? envelope.get("episode_id").toString() : key;
        }

        int step() {
            return (Integer) ((GenericRecord) value.get("envelope")).get("step");
        }

        String field(String name) {
            Object field = value.get(name);
            return field == null ? null : field.toString();
        }
    }

    private AgentLoop() {
    }

    /** Options of a run with an agent in the loop, at full speed. */
    static PublishOptions options(KafkaStack stack, String namespace, long episodes, int inFlight, Duration agentTimeout,
                                  int maxSteps) {
        return new PublishOptions(namespace, "agents", 7, PublishOptions.EXTERNAL, EPOCH, episodes, inFlight, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, 3, (short) 1, Duration.ofMillis(100), agentTimeout, false, FaultSpec.NONE,
                maxSteps, stack.clientProperties());
    }

    /**
     * Creates the states topic as the run will, so an agent started before the run can subscribe to it
     * from the beginning and miss nothing.
     */
    static void createStatesTopic(KafkaStack stack, String namespace) {
        new TopicSetup(stack.clientProperties(), Duration.ofSeconds(15))
                .ensure(List.of(new EventTopics(namespace).states()), 3, (short) 1, List.of());
    }

    static EpisodePublisher publisher(PublishOptions options, MeterRegistry meters) {
        return new EpisodePublisher(SUPPORT, Scenarios.parameters(SUPPORT, null), options, meters);
    }

    /** Every committed record of the topics, read until a second passes with nothing new. */
    static List<Record> read(KafkaStack stack, Collection<String> topics) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        List<Record> records = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(topics);
            long quietSince = System.nanoTime();
            long giveUp = quietSince + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(1).toNanos() && System.nanoTime() < giveUp) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new Record(r.topic(), r.key(), (GenericRecord) r.value()));
                    quietSince = System.nanoTime();
                }
                // Partitions are assigned during the first polls: don't call it quiet before they are.
                if (consumer.assignment().isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return records;
    }

    static List<Record> actions(KafkaStack stack, String namespace) {
        return read(stack, List.of(new EventTopics(namespace).actions()));
    }

    static List<Record> errors(KafkaStack stack, String namespace) {
        return read(stack, List.of(new EventTopics(namespace).agentErrors()));
    }

    /** How many records have each value of a field. */
    static Map<String, Long> countBy(List<Record> records, Function<Record, String> key) {
        return records.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    /** The outcome of each episode's end record. */
    static Map<String, String> outcomes(KafkaStack stack, String namespace) {
        Map<String, String> outcomes = new HashMap<>();
        for (Record record : read(stack, List.of(new EventTopics(namespace).episodes()))) {
            GenericRecord body = (GenericRecord) record.value().get("body");
            if (body.getSchema().getName().equals("EpisodeEnded")) {
                outcomes.put(record.episodeId(), body.get("outcome").toString());
            }
        }
        return outcomes;
    }
}
