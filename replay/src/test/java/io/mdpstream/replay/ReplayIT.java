package io.mdpstream.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.EpisodeSink;
import io.mdpstream.sink.SinkConfig;
import io.mdpstream.testkit.CommittedRecords;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a recording made with the real publisher and sink (warehouse, whose rewards come late)
 * and compares the replayed topics with the original ones on the same broker.
 */
@WithKafkaStack
class ReplayIT {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private static final int EPISODES = 24;
    private static final Scenario WAREHOUSE = Scenarios.named("warehouse");

    @TempDir
    static Path dir;

    private static String original;
    private static Path dataset;
    private static List<ConsumerRecord<String, Object>> originalRecords;

    @BeforeAll
    static void record(KafkaStack stack) {
        original = stack.uniqueName("warehouse");
        PublishOptions options = new PublishOptions(original, "run1", 11, "heuristic", EPOCH, EPISODES, 6, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, 3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false,
                FaultSpec.NONE, 40, stack.clientProperties());
        EpisodePublisher.Summary published = new EpisodePublisher(WAREHOUSE, Scenarios.parameters(WAREHOUSE, null), options,
                new SimpleMeterRegistry()).run();
        assertThat(published.complete()).isTrue();
        dataset = dir.resolve("dataset");
        EpisodeSink.Summary stored = new EpisodeSink(SinkConfig.from(Map.of(SinkConfig.NAMESPACE_CONFIG, original,
                SinkConfig.OUTPUT_DIR_CONFIG, dataset.toString(), SinkConfig.VERDICTS_CONFIG, "ignore",
                SinkConfig.FLUSH_INTERVAL_CONFIG, 200, SinkConfig.STOP_WHEN_IDLE_CONFIG, 2_000)), stack.clientProperties()).run();
        assertThat(stored.episodes()).isEqualTo(EPISODES);
        originalRecords = CommittedRecords.read(stack, new EventTopics(original).episodeTopics(), published.events(),
                Duration.ofSeconds(60));
        assertThat(originalRecords).hasSize((int) published.events());
    }

    private static Replay.Summary replay(KafkaStack stack, String namespace, Map<String, Object> options) {
        return replay(stack, namespace, options, null);
    }

    private static Replay.Summary replay(KafkaStack stack, String namespace, Map<String, Object> options, LongConsumer sent) {
        Map<String, Object> all = new HashMap<>(options);
        all.put(ReplayConfig.SOURCE_CONFIG, dataset.toString());
        all.put(ReplayConfig.NAMESPACE_CONFIG, namespace);
        return new Replay(ReplayConfig.from(all)).run(stack.clientProperties(), sent);
    }

    private static List<ConsumerRecord<String, Object>> read(KafkaStack stack, String namespace, long events) {
        return CommittedRecords.read(stack, new EventTopics(namespace).episodeTopics(), events, Duration.ofSeconds(60));
    }

    /** Records by topic kind and episode, in the order each partition holds them (an episode lives in one partition). */
    private static Map<String, List<ConsumerRecord<String, Object>>> byKindAndEpisode(List<ConsumerRecord<String, Object>> records,
                                                                                    String namespace) {
        Map<String, List<ConsumerRecord<String, Object>>> grouped = new TreeMap<>();
        for (ConsumerRecord<String, Object> record : records) {
            String kind = record.topic().substring(namespace.length() + 1);
            grouped.computeIfAbsent(kind + "/" + record.key(), k -> new ArrayList<>()).add(record);
        }
        return grouped;
    }

    @Test
    void aReplayShouldEqualTheOriginalTopicsEventByEvent(KafkaStack stack) {
        String target = stack.uniqueName("replayed");

        Replay.Summary summary = replay(stack, target, Map.of());

        assertThat(summary.episodes()).isEqualTo(EPISODES);
        assertThat(summary.events()).isEqualTo(originalRecords.size());
        assertThat(summary.complete()).isTrue();
        List<ConsumerRecord<String, Object>> replayed = read(stack, target, summary.events());
        Map<String, List<ConsumerRecord<String, Object>>> expected = byKindAndEpisode(originalRecords, original);
        Map<String, List<ConsumerRecord<String, Object>>> actual = byKindAndEpisode(replayed, target);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((stream, events) -> {
            List<ConsumerRecord<String, Object>> got = actual.get(stream);
            assertThat(got).as("events of %s", stream).hasSameSizeAs(events);
            for (int i = 0; i < events.size(); i++) {
                assertThat(got.get(i).key()).isEqualTo(events.get(i).key());
                assertThat(got.get(i).timestamp()).as("timestamp of %s #%d", stream, i).isEqualTo(events.get(i).timestamp());
                assertThat(got.get(i).value()).as("value of %s #%d", stream, i).isEqualTo(events.get(i).value());
            }
        });
        // The recording has what makes replay from steps impossible: rewards that credit an earlier step.
        assertThat(originalRecords).anySatisfy(r -> {
            assertThat(r.topic()).endsWith(".rewards");
            GenericRecord reward = (GenericRecord) r.value();
            assertThat((Integer) reward.get("credited_step")).isLessThan((Integer) envelope(reward).get("step"));
        });
        assertThat(summary.eventsPerSecond()).isPositive();
    }

    @Test
    void atAFiniteSpeedNoEventShouldLeaveBeforeItsDueTime(KafkaStack stack) {
        long first = originalRecords.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long last = originalRecords.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        double speed = (last - first) / 1000.0 / 2.0; // the recording's simulated span in two wall seconds
        long[] sentAt = new long[originalRecords.size() + 1];

        Replay.Summary summary = replay(stack, stack.uniqueName("paced"), Map.of(ReplayConfig.SPEED_CONFIG, Double.toString(speed)),
                n -> sentAt[(int) n] = System.nanoTime());

        assertThat(summary.events()).isEqualTo(originalRecords.size());
        double wall = (sentAt[(int) summary.events()] - sentAt[1]) / 1e9;
        assertThat(wall).as("the last event is due two seconds after the first").isGreaterThan(1.95).isLessThan(8.0);
    }

    @Test
    void timeScalingShouldMultiplyEveryOffsetFromTheEpisodeStartExactly(KafkaStack stack) {
        String target = stack.uniqueName("slow");

        Replay.Summary summary = replay(stack, target, Map.of(ReplayConfig.TIME_SCALE_CONFIG, 2.0));

        Map<String, List<ConsumerRecord<String, Object>>> expected = byKindAndEpisode(originalRecords, original);
        Map<String, List<ConsumerRecord<String, Object>>> actual = byKindAndEpisode(read(stack, target, summary.events()), target);
        Map<String, Long> starts = new HashMap<>();
        originalRecords.stream().filter(r -> (Long) envelope(r.value()).get("seq") == 0)
                .forEach(r -> starts.put(r.key(), r.timestamp()));
        long stretched = 0;
        for (Map.Entry<String, List<ConsumerRecord<String, Object>>> stream : expected.entrySet()) {
            List<ConsumerRecord<String, Object>> got = actual.get(stream.getKey());
            assertThat(got).hasSameSizeAs(stream.getValue());
            for (int i = 0; i < got.size(); i++) {
                ConsumerRecord<String, Object> before = stream.getValue().get(i);
                long start = starts.get(before.key());
                long offset = before.timestamp() - start;
                assertThat(got.get(i).timestamp()).isEqualTo(start + 2 * offset);
                assertThat((Long) envelope(got.get(i).value()).get("sim_time")).isEqualTo(start + 2 * offset);
                GenericRecord value = (GenericRecord) got.get(i).value();
                GenericRecord unscaled = GenericData.get().deepCopy(value.getSchema(), value);
                envelope(unscaled).put("sim_time", before.timestamp());
                assertThat(unscaled).as("all but the time unchanged").isEqualTo(before.value());
                stretched += offset > 0 ? 1 : 0;
            }
        }
        assertThat(stretched).isPositive();
    }

    @Test
    void thinningShouldKeepTheSameWholeEpisodesForTheSameSeed(KafkaStack stack) {
        Map<String, Object> half = Map.of(ReplayConfig.KEEP_PROBABILITY_CONFIG, 0.5, ReplayConfig.SEED_CONFIG, 3L);
        String first = stack.uniqueName("thin");
        String second = stack.uniqueName("thin");

        Replay.Summary a = replay(stack, first, half);
        Replay.Summary b = replay(stack, second, half);
        Replay.Summary other = replay(stack, stack.uniqueName("thin"), Map.of(ReplayConfig.KEEP_PROBABILITY_CONFIG, 0.5,
                ReplayConfig.SEED_CONFIG, 4L));

        assertThat(a.episodes() + a.thinnedOut()).isEqualTo(EPISODES);
        assertThat(a.episodes()).as("about half of %d", EPISODES).isBetween(6L, 18L);
        Map<String, Long> keptA = eventsByEpisode(read(stack, first, a.events()));
        Map<String, Long> keptB = eventsByEpisode(read(stack, second, b.events()));
        assertThat(keptA.keySet()).hasSize((int) a.episodes()).isEqualTo(keptB.keySet());
        Map<String, Long> all = eventsByEpisode(originalRecords);
        keptA.forEach((episode, events) -> assertThat(events).as("all events of %s", episode).isEqualTo(all.get(episode)));
        assertThat(other.episodes() == a.episodes() && other.events() == a.events()).as("another seed, another subset").isFalse();
    }

    @Test
    void noiseShouldChangeObservationsWithinTheirSpaceAndNothingElse(KafkaStack stack) {
        String target = stack.uniqueName("noisy");

        Replay.Summary summary = replay(stack, target, Map.of(ReplayConfig.NOISE_SIGMA_CONFIG, 0.5, ReplayConfig.SEED_CONFIG, 9L));

        assertThat(summary.noisedValues()).isPositive();
        Map<String, List<ConsumerRecord<String, Object>>> expected = byKindAndEpisode(originalRecords, original);
        Map<String, List<ConsumerRecord<String, Object>>> actual = byKindAndEpisode(read(stack, target, summary.events()), target);
        Dict space = WAREHOUSE.observationSpace();
        Set<String> changedFields = new TreeSet<>();
        expected.forEach((stream, events) -> {
            List<ConsumerRecord<String, Object>> got = actual.get(stream);
            for (int i = 0; i < events.size(); i++) {
                GenericRecord before = (GenericRecord) events.get(i).value();
                GenericRecord after = (GenericRecord) got.get(i).value();
                assertThat(got.get(i).timestamp()).isEqualTo(events.get(i).timestamp());
                if (!stream.startsWith("states/")) {
                    assertThat(after).isEqualTo(before);
                    continue;
                }
                GenericRecord observation = (GenericRecord) after.get("observation");
                assertThat(space.violation(space.fromAvro(observation), "observation")).as("%s #%d", stream, i).isNull();
                GenericRecord original = (GenericRecord) before.get("observation");
                observation.getSchema().getFields().stream().filter(f -> !observation.get(f.pos()).equals(original.get(f.pos())))
                        .forEach(f -> changedFields.add(f.name()));
                assertThat(after.get("envelope")).isEqualTo(before.get("envelope"));
                assertThat(after.get("action_mask")).isEqualTo(before.get("action_mask"));
            }
        });
        assertThat(changedFields).as("numeric fields changed").hasSizeGreaterThan(1);
    }

    private static Map<String, Long> eventsByEpisode(List<ConsumerRecord<String, Object>> records) {
        Map<String, Long> counts = new TreeMap<>();
        records.forEach(r -> counts.merge(r.key(), 1L, Long::sum));
        return counts;
    }

    private static GenericRecord envelope(Object value) {
        return (GenericRecord) ((GenericRecord) value).get("envelope");
    }
}
