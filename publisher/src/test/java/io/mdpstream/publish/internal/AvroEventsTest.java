package io.mdpstream.publish.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.ActionSource;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.serde.AvroWritable;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AvroEventsTest {

    private static final Map<String, Double> NO_FAULTS = Map.of();

    @Test
    void eventsThatEncodeThemselvesShouldSerializeToTheBytesOfTheirRecordsInEveryScenario() {
        for (Scenario scenario : Scenarios.all()) {
            EventTopics topics = new EventTopics(scenario.name());
            AvroEvents avro = new AvroEvents(scenario, topics);
            AvroSerializer<Object> serializer = new AvroSerializer<>(new InMemorySchemaRegistry());
            // Softmax records a probability with every action; the variants below cover none and the other sources.
            EpisodeRunner runner = new EpisodeRunner(scenario, Scenarios.parameters(scenario, null),
                    Policies.named("softmax:1.0", scenario), "encode-test", 3, Instant.parse("2026-03-02T06:00:00Z"),
                    DriverOptions.defaults());
            Map<String, Integer> encodedByTopic = new TreeMap<>();
            for (long index = 0; index < 20; index++) {
                EpisodeSpec spec = runner.spec(index);
                for (TraceEvent event : withOtherSources(runner.run(index))) {
                    Instant simTime = TraceJson.simTime(spec, event.time());
                    AvroEvents.Routed record = avro.toAvro(spec, spec.episodeId(), simTime, event, NO_FAULTS);
                    AvroEvents.Routed encodable = avro.encodable(spec, spec.episodeId(), simTime, event, NO_FAULTS);

                    assertThat(encodable.topic()).isEqualTo(record.topic());
                    assertThat(serializer.serialize(encodable.topic(), encodable.value()))
                            .as("%s: %s", scenario.name(), event)
                            .isEqualTo(serializer.serialize(record.topic(), record.value()));
                    if (encodable.value() instanceof AvroWritable) {
                        encodedByTopic.merge(encodable.topic(), 1, Integer::sum);
                    }
                }
            }
            // States, actions and rewards took the encoding path; the episodes' first and last events did not.
            assertThat(encodedByTopic).as(scenario.name())
                    .containsOnlyKeys(List.of(topics.states(), topics.actions(), topics.rewards()));
        }
    }

    /** Each action also as an agent's (no probability) and as a fallback's. */
    private static List<TraceEvent> withOtherSources(List<TraceEvent> events) {
        List<TraceEvent> all = new ArrayList<>();
        for (TraceEvent event : events) {
            all.add(event);
            if (event instanceof TraceEvent.ActionEvent a) {
                all.add(new TraceEvent.ActionEvent(a.seq(), a.step(), a.time(), a.action(), a.policy(), null,
                        ActionSource.EXTERNAL_AGENT));
                all.add(new TraceEvent.ActionEvent(a.seq(), a.step(), a.time(), a.action(), a.policy(), 0.25,
                        ActionSource.FALLBACK));
            }
        }
        return all;
    }
}
