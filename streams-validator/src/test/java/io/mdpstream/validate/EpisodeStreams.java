package io.mdpstream.validate;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.publish.internal.AvroEvents;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.serde.AvroSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real episodes of a real scenario, as the publisher would put them on the four topics: Avro
 * values with the record timestamp at the event's simulated time. Tests take them, break them on
 * purpose, and pipe them into the validator.
 */
final class EpisodeStreams {

    /** One record for an episode topic; the value is the Avro object, serialized at the last moment. */
    static final class Event {
        final String topic;
        final String key;
        Object value;
        long timestamp;

        Event(String topic, String key, Object value, long timestamp) {
            this.topic = topic;
            this.key = key;
            this.value = value;
            this.timestamp = timestamp;
        }

        long seq() {
            return envelope().getSeq();
        }

        io.mdpstream.events.Envelope envelope() {
            Object envelope = ((org.apache.avro.generic.GenericRecord) value).get("envelope");
            return (io.mdpstream.events.Envelope) envelope;
        }
    }

    static final Instant EPOCH = Instant.parse("2026-03-02T08:00:00Z");

    final Scenario scenario;
    final EventTopics topics;
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final EpisodeRunner runner;
    private final AvroEvents avro;
    private final AvroSerializer<Object> serializer = new AvroSerializer<>(registry);

    EpisodeStreams(String scenarioName, String namespace, String overridesYaml) {
        this.scenario = Scenarios.named(scenarioName);
        this.topics = new EventTopics(namespace);
        this.runner = new EpisodeRunner(scenario, Scenarios.parameters(scenario, "test", overridesYaml),
                Policies.named("heuristic", scenario), namespace + "-run", 7, EPOCH, DriverOptions.defaults());
        this.avro = new AvroEvents(scenario, topics);
    }

    /** The events of episode {@code index} in seq order. */
    List<Event> episode(long index) {
        return episode(index, EPOCH);
    }

    /** The events of episode {@code index}, started at {@code start}, in seq order. */
    List<Event> episode(long index, Instant start) {
        EpisodeSpec spec = new EpisodeSpec(runner.spec(index).runId(), runner.spec(index).runSeed(), index, start);
        List<Event> events = new ArrayList<>();
        for (TraceEvent event : EpisodeRunner.run(runner.driver(index, start), runner.policy())) {
            AvroEvents.Routed routed = avro.toAvro(spec, event, Map.of());
            events.add(new Event(routed.topic(), spec.episodeId(), routed.value(),
                    TraceJson.simTime(spec, event.time()).toEpochMilli()));
        }
        return events;
    }

    byte[] bytes(Event event) {
        return serializer.serialize(event.topic, event.value);
    }
}
