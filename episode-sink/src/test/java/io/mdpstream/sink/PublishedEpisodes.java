package io.mdpstream.sink;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeEnded;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.testkit.KafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real episodes on a real broker for the sink to store, and what the simulator said of each: its
 * steps (state events) and its return, read back from the topics it published.
 */
final class PublishedEpisodes {

    static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    /** Partitions of each topic, the verdicts' included (the validator partitions its outputs like its inputs). */
    static final int PARTITIONS = 3;

    /** What the simulator published of one episode. */
    record Expected(String episodeId, long steps, long events, double episodeReturn, EpisodeOutcome outcome) {
    }

    private PublishedEpisodes() {
    }

    /** Publishes a run with the heuristic policy on 3 partitions and returns what it published, by episode id. */
    static Map<String, Expected> publish(KafkaStack stack, String scenarioName, String namespace, long episodes, int inFlight,
                                         int maxSteps) {
        Scenario scenario = Scenarios.named(scenarioName);
        PublishOptions options = new PublishOptions(namespace, "run1", 7, "heuristic", EPOCH, episodes, inFlight, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, PARTITIONS, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false,
                FaultSpec.NONE, maxSteps, stack.clientProperties());
        EpisodePublisher.Summary summary = new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options,
                new SimpleMeterRegistry()).run();
        if (!summary.complete()) {
            throw new IllegalStateException("run did not complete: " + summary);
        }
        return read(stack, new EventTopics(namespace), episodes);
    }

    private static Map<String, Expected> read(KafkaStack stack, EventTopics topics, long episodes) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("expected"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        Map<String, Long> states = new TreeMap<>();
        Map<String, Long> events = new TreeMap<>();
        Map<String, EpisodeEnded> ends = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(topics.episodeTopics());
            long quietSince = System.nanoTime();
            // Every end read, then quiet for a second: the last rewards and states of the other topics are in too.
            while (ends.size() < episodes || System.nanoTime() - quietSince < 1_000_000_000L) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + ends.size() + " of " + episodes + " episode ends in 60 s");
                }
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<String, Object> r : records) {
                    events.merge(r.key(), 1L, Long::sum);
                    if (r.topic().equals(topics.states())) {
                        states.merge(r.key(), 1L, Long::sum);
                    } else if (r.topic().equals(topics.episodes())
                            && ((EpisodeEvent) r.value()).getBody() instanceof EpisodeEnded end) {
                        ends.put(r.key(), end);
                    }
                }
            }
        }
        Map<String, Expected> expected = new TreeMap<>();
        ends.forEach((id, end) -> {
            if (states.getOrDefault(id, 0L) != end.getSteps()) {
                throw new IllegalStateException(id + ": " + states.get(id) + " states but " + end.getSteps() + " steps");
            }
            expected.put(id, new Expected(id, end.getSteps(), events.get(id), end.getEpisodeReturn(), end.getOutcome()));
        });
        return expected;
    }

    /**
     * Publishes the validator's verdict for each episode, invalid for those in {@code invalid}, on a
     * verdicts topic made as the validator makes it. An auto-created topic would keep the broker's
     * 7-day time retention, and verdicts stamped in simulated time ({@link #EPOCH}) are older than
     * that: the broker's next retention check (30 s after it starts, then every 5 minutes) deleted
     * them in the middle of a test, and the sink then waited in vain for the verdicts of the episodes
     * it had not stored yet.
     */
    static void verdicts(KafkaStack stack, String namespace, Map<String, Expected> episodes, Set<String> invalid) {
        EventTopics topics = new EventTopics(namespace);
        try (Admin admin = Admin.create(new HashMap<>(stack.clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topics.verdicts(), Optional.of(PARTITIONS), Optional.empty())
                    .configs(EventTopics.simulatedTimeConfigs()))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + topics.verdicts() + ": " + e.getMessage(), e);
        }
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(stack.clientProperties(), false);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(new HashMap<>(stack.clientProperties()),
                new StringSerializer(), values)) {
            for (Expected episode : episodes.values()) {
                boolean valid = !invalid.contains(episode.episodeId());
                EpisodeVerdict verdict = EpisodeVerdict.newBuilder().setRunId("run1").setEpisodeId(episode.episodeId())
                        .setScenario("test").setScenarioVersion("1").setValid(valid).setEventCount(episode.events())
                        .setSteps((int) episode.steps()).setEpisodeReturn(episode.episodeReturn()).setOutcome(episode.outcome())
                        .setViolationsByRule(valid ? Map.of() : Map.of("constraint.action-mask", 1L))
                        .setSimTime(EPOCH).build();
                producer.send(new ProducerRecord<>(topics.verdicts(), null, EPOCH.toEpochMilli(), episode.episodeId(), verdict));
            }
        }
    }
}
