package io.mdpstream.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

@WithKafkaStack
class EpisodePublisherIT {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private final Scenario support = Scenarios.named("support");

    static PublishOptions options(KafkaStack stack, String namespace, String runId, long episodes, int inFlight,
                                  int instances, int instance) {
        return new PublishOptions(namespace, runId, 7, "heuristic", EPOCH, episodes, inFlight, instances, instance,
                Double.POSITIVE_INFINITY, 0, null, 3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false,
                FaultSpec.NONE, 1_000_000, stack.clientProperties());
    }

    private EpisodePublisher.Summary publish(Scenario scenario, PublishOptions options) {
        return new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options, new SimpleMeterRegistry()).run();
    }

    @Test
    void everyEpisodeShouldReadBackCompleteAndInSeqOrderUnderReadCommitted(KafkaStack stack) {
        String ns = stack.uniqueName("support");
        EpisodePublisher.Summary summary = publish(support, options(stack, ns, "run1", 12, 4, 1, 0));

        List<PublishedRun.Event> events = PublishedRun.read(stack, new EventTopics(ns).episodeTopics(), Duration.ofSeconds(3));

        assertThat(summary.complete()).isTrue();
        assertThat(summary.episodesFinished()).isEqualTo(12);
        assertThat(events).hasSize((int) summary.events());
        Map<String, List<PublishedRun.Event>> byEpisode = events.stream()
                .collect(Collectors.groupingBy(PublishedRun.Event::episodeId, TreeMap::new, Collectors.toList()));
        assertThat(byEpisode).hasSize(12);
        Map<String, Integer> partitionOfEpisode = new HashMap<>();
        for (Map.Entry<String, List<PublishedRun.Event>> episode : byEpisode.entrySet()) {
            List<PublishedRun.Event> list = new ArrayList<>(episode.getValue());
            list.sort(java.util.Comparator.comparingLong(PublishedRun.Event::seq));
            for (int i = 0; i < list.size(); i++) {
                PublishedRun.Event event = list.get(i);
                assertThat(event.seq()).as("seq of %s", episode.getKey()).isEqualTo(i);
                assertThat(event.key()).isEqualTo(episode.getKey());
                assertThat(event.timestamp()).as("record timestamp is simulated time")
                        .isEqualTo((Long) event.envelope().get("sim_time"));
                // Co-partitioned: every event of an episode lands on the same partition number.
                assertThat(partitionOfEpisode.computeIfAbsent(episode.getKey(), k -> event.partition())).isEqualTo(event.partition());
            }
            assertThat(list.get(0).topic()).endsWith(".episodes");
            assertThat(((GenericRecord) list.get(list.size() - 1).record().get("body")).getSchema().getName()).isEqualTo("EpisodeEnded");
            // Within each topic an episode's events are in seq order (one partition, one producer).
            events.stream().filter(e -> e.episodeId().equals(episode.getKey()))
                    .collect(Collectors.groupingBy(PublishedRun.Event::topic))
                    .values().forEach(perTopic -> assertThat(perTopic.stream().map(PublishedRun.Event::seq).toList()).isSorted());
        }
    }

    @Test
    void twoInstancesShouldPublishExactlyWhatOneInstancePublishes(KafkaStack stack) {
        String one = stack.uniqueName("one");
        String two = stack.uniqueName("two");
        publish(support, options(stack, one, "det", 10, 4, 1, 0));
        publish(support, options(stack, two, "det", 10, 4, 2, 0));
        publish(support, options(stack, two, "det", 10, 4, 2, 1));

        assertThat(content(stack, two)).isEqualTo(content(stack, one));
    }

    @Test
    void aStoppedRunShouldResumeWithoutDuplicatesOrGaps(KafkaStack stack) {
        String ns = stack.uniqueName("resume");
        PublishOptions first = options(stack, ns, "r", 8, 3, 1, 0);
        PublishOptions paced = new PublishOptions(ns, "r", 7, "heuristic", EPOCH, 8, 3, 1, 0, 3 * 3600.0, 0,
                Duration.ofSeconds(2), 3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false, FaultSpec.NONE,
                1_000_000, stack.clientProperties());

        EpisodePublisher.Summary partial = publish(support, paced);
        EpisodePublisher.Summary rest = publish(support, first);

        assertThat(partial.complete()).isFalse();
        assertThat(rest.resumed()).isTrue();
        assertThat(rest.complete()).isTrue();
        String reference = stack.uniqueName("reference");
        publish(support, options(stack, reference, "r", 8, 3, 1, 0));
        assertThat(content(stack, ns)).isEqualTo(content(stack, reference));
    }

    @Test
    void aSendingThreadShouldPublishExactlyWhatTheSimulatingThreadDoesAlone(KafkaStack stack) {
        // At max speed another thread sends and commits while the simulation goes on; at a finite
        // speed (here so high that nothing ever waits) the simulating thread sends and commits. A 1 ms
        // interval makes every few events a commit, so records queue behind most commits.
        String background = stack.uniqueName("background");
        String inLine = stack.uniqueName("inline");
        PublishOptions fast = new PublishOptions(background, "bg", 7, "heuristic", EPOCH, 30, 6, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, 3, (short) 1, Duration.ofMillis(1), Duration.ofSeconds(5), false,
                FaultSpec.NONE, 1_000_000, stack.clientProperties());
        PublishOptions paced = new PublishOptions(inLine, "bg", 7, "heuristic", EPOCH, 30, 6, 1, 0, 1e12, 0, null, 3,
                (short) 1, Duration.ofMillis(1), Duration.ofSeconds(5), false, FaultSpec.NONE, 1_000_000,
                stack.clientProperties());

        EpisodePublisher.Summary summary = publish(support, fast);
        publish(support, paced);

        assertThat(summary.complete()).isTrue();
        Map<String, String> published = content(stack, background);
        assertThat(published).hasSize((int) summary.events()).isEqualTo(content(stack, inLine));
    }

    @Test
    void aListOfEpisodesShouldBePublishedEachFromItsOwnSpecWithItsResult(KafkaStack stack) {
        String ns = stack.uniqueName("listed");
        ParameterSet parameters = Scenarios.parameters(support, null);
        // Stored episodes of two runs, each with its own start: nothing is chained or renumbered.
        List<EpisodeSpec> specs = List.of(new EpisodeSpec("base-a", 11, 4, EPOCH.plusSeconds(7_200)),
                new EpisodeSpec("base-b", 12, 4, EPOCH), new EpisodeSpec("base-a", 11, 0, EPOCH.plusSeconds(60)));
        List<EpisodeResult> results = new ArrayList<>();

        EpisodePublisher.Summary summary = EpisodePublisher.of(support, specs.stream().map(s -> new PlannedEpisode(s, parameters))
                .toList(), options(stack, ns, "relist", 1, 2, 1, 0), new SimpleMeterRegistry(), results::add).run();

        assertThat(summary.complete()).isTrue();
        assertThat(summary.episodesFinished()).isEqualTo(3);
        assertThat(summary.epoch()).as("the earliest start").isEqualTo(EPOCH);
        assertThat(results).extracting(EpisodeResult::spec).containsExactlyInAnyOrderElementsOf(specs);
        Map<String, List<PublishedRun.Event>> published = PublishedRun.read(stack, new EventTopics(ns).episodeTopics(),
                Duration.ofSeconds(3)).stream().collect(Collectors.groupingBy(PublishedRun.Event::episodeId));
        for (EpisodeResult result : results) {
            EpisodeDriver alone = new EpisodeDriver(support, parameters, result.spec(), support.heuristic().id(), DriverOptions.defaults());
            List<TraceEvent> expected = EpisodeRunner.run(alone, support.heuristic());
            assertThat(result.events()).as("the episode run alone in process").hasSize(expected.size());
            assertThat(result.episodeReturn()).isEqualTo(alone.episodeReturn());
            assertThat(result.steps()).isEqualTo(alone.steps()).isEqualTo((int) result.decisionsBy(ActionSource.POLICY));
            List<PublishedRun.Event> events = published.get(result.spec().episodeId());
            assertThat(events).hasSize(expected.size());
            assertThat(events.stream().mapToLong(PublishedRun.Event::timestamp).min().orElseThrow())
                    .isEqualTo(result.spec().start().toEpochMilli());
        }
        assertThat(published).hasSize(3);
        assertThatThrownBy(() -> EpisodePublisher.of(support, List.of(new PlannedEpisode(specs.get(0), parameters),
                new PlannedEpisode(specs.get(0), parameters)), options(stack, ns, "relist", 1, 2, 1, 0), new SimpleMeterRegistry(),
                results::add)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base-a-ep-0000004 is listed twice");
    }

    @Test
    void shouldRefuseToResumeARunWithOtherSettings(KafkaStack stack) {
        String ns = stack.uniqueName("settings");
        publish(support, options(stack, ns, "x", 2, 2, 1, 0));
        PublishOptions other = new PublishOptions(ns, "x", 8, "heuristic", EPOCH, 2, 2, 1, 0, Double.POSITIVE_INFINITY, 0,
                null, 3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false, FaultSpec.NONE, 1_000_000,
                stack.clientProperties());

        assertThatThrownBy(() -> publish(support, other)).isInstanceOf(PublishException.class)
                .hasMessageContaining("seed was 7, now 8").hasMessageContaining("--run-id");
    }

    @Test
    void shouldRefuseATopicThatExistsWithOtherPartitioning(KafkaStack stack) {
        String ns = stack.uniqueName("parts");
        stack.createTopics(2, new EventTopics(ns).states());

        assertThatThrownBy(() -> publish(support, options(stack, ns, "p", 1, 1, 1, 0)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(ns + ".states exists with 2 partitions").hasMessageContaining("--partitions 2");
    }

    @Test
    void shouldFailFastWhenKafkaOrTheRegistryCannotBeReached(KafkaStack stack) {
        Map<String, Object> noKafka = new HashMap<>(stack.clientProperties());
        noKafka.put("bootstrap.servers", "localhost:1");
        Map<String, Object> noRegistry = new HashMap<>(stack.clientProperties());
        noRegistry.put("schema.registry.url", "http://localhost:1");
        long begin = System.nanoTime();

        assertThatThrownBy(() -> publish(support, withClient(options(stack, "a", "u", 1, 1, 1, 0), noKafka)))
                .isInstanceOf(PublishException.class).hasMessageContaining("cannot reach Kafka at localhost:1");
        assertThatThrownBy(() -> publish(support, withClient(options(stack, "b", "u", 1, 1, 1, 0), noRegistry)))
                .isInstanceOf(PublishException.class).hasMessageContaining("schema registry").hasMessageContaining("localhost:1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void noEventShouldBeVisibleBeforeItsWallClockDueTime(KafkaStack stack) {
        String ns = stack.uniqueName("paced");
        double speed = 8 * 3600.0 / 6; // an 8-hour shift in about 6 seconds
        PublishOptions options = new PublishOptions(ns, "paced", 7, "heuristic", EPOCH, 1, 1, 1, 0, speed, 0, null, 3,
                (short) 1, Duration.ofMillis(50), Duration.ofSeconds(5), false, FaultSpec.NONE, 1_000_000,
                stack.clientProperties());
        // The reader subscribes before the run starts; topics must exist first, or it would create them itself.
        new io.mdpstream.publish.TopicSetup(stack.clientProperties(), Duration.ofSeconds(15))
                .ensure(new EventTopics(ns).episodeTopics(), 3, (short) 1, List.of());
        long start = System.nanoTime();
        List<PublishedRun.Event> seen = new ArrayList<>();
        Thread reader = new Thread(() -> seen.addAll(PublishedRun.read(stack, new EventTopics(ns).episodeTopics(), Duration.ofSeconds(4))));
        reader.start();

        publish(support, options);

        try {
            reader.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(seen).isNotEmpty();
        for (PublishedRun.Event event : seen) {
            double simSeconds = Duration.between(EPOCH, Instant.ofEpochMilli(event.timestamp())).toMillis() / 1000.0;
            long dueNanos = start + Math.round(simSeconds / speed * 1e9);
            assertThat(event.receivedNanos()).as("seq %d at sim %.0f s", event.seq(), simSeconds).isGreaterThanOrEqualTo(dueNanos);
        }
    }

    private static PublishOptions withClient(PublishOptions o, Map<String, Object> client) {
        return new PublishOptions(o.namespace(), o.runId(), o.seed(), o.policy(), o.epoch(), o.episodes(), o.inFlight(),
                o.instances(), o.instance(), o.speed(), o.maxEventsPerSecond(), o.duration(), o.partitions(),
                o.replicationFactor(), o.commitInterval(), o.agentTimeout(), o.agentTimeoutSimulated(), o.faults(),
                o.maxSteps(), client);
    }

    /** Every event's topic kind, episode, seq and value, comparable across namespaces. */
    static Map<String, String> content(KafkaStack stack, String ns) {
        Map<String, String> content = new TreeMap<>();
        for (PublishedRun.Event event : PublishedRun.read(stack, new EventTopics(ns).episodeTopics(), Duration.ofSeconds(3))) {
            String kind = event.topic().substring(ns.length() + 1);
            String previous = content.put(event.episodeId() + "#" + String.format("%05d", event.seq()), kind + " " + event.value());
            assertThat(previous).as("duplicate of %s seq %d", event.episodeId(), event.seq()).isNull();
        }
        return content;
    }
}
