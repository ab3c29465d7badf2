package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeInterleaver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.testkit.CommittedRecords;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crash safety of {@code mdpstream simulate} against Kafka: the CLI runs as its own JVM against a
 * broker this test owns, is killed with SIGKILL twice at random points of its progress, and is
 * restarted with the same command each time. What read_committed consumers then see must be every
 * episode exactly once, whole (seq contiguous from 0, one start, one end), and event for event what
 * an uninterrupted run of the same settings published in another namespace.
 *
 * <p>Once paced (a finite speed: commits in line with the simulation) and once at max speed (commits
 * in the background while events are held).
 */
class KillAndResumeIT {

    private static final String EPOCH = "2026-03-02T06:00:00Z";
    private static final String RUN_ID = "crash";
    private static EmbeddedStack stack;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @ParameterizedTest(name = "speed {0}, {1} episodes, {2} in flight")
    @CsvSource({"20000, 24, 8", "max, 400, 16"})
    void killedRunsRestartedWithTheSameCommandShouldPublishEveryEpisodeOnceAndAsAnUninterruptedRun(String speed, int episodes,
                                                                                                  int inFlight) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String ns = "killed-" + speed;
        String reference = "reference-" + speed;
        long expected = eventsOf(episodes, inFlight);
        // Two kills, each once a random share of the run is committed, the second further on.
        double first = 0.15 + 0.25 * random.nextDouble();
        double second = first + 0.15 + 0.2 * random.nextDouble();

        Process uninterrupted = start(reference, speed, episodes, inFlight, "reference");
        for (double share : new double[] {first, second}) {
            Process run = start(ns, speed, episodes, inFlight, "run");
            long threshold = (long) (share * expected);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !run.isAlive() || committedOffsets(ns) >= threshold);
            assertThat(run.isAlive()).as("still running at %.0f%% of %d events (seed %d)", 100 * share, expected, seed)
                    .isTrue();
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no close
            assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        Process last = start(ns, speed, episodes, inFlight, "run");
        finish(last, "run");
        finish(uninterrupted, "reference");

        assertThat(Files.readString(dir.resolve("run.log"))).as("the last run resumed").contains("resumed: ");
        Map<String, String> events = content(ns);
        assertThat(events).as("seed %d", seed).hasSize((int) expected);
        assertThat(events.keySet().stream().map(k -> k.substring(0, k.indexOf('#'))).distinct()).hasSize(episodes);
        assertThat(events).as("event for event as the uninterrupted run (seed %d)", seed).isEqualTo(content(reference));
    }

    /** Starts the CLI in its own JVM; its output goes to {@code <log>.log}. */
    private Process start(String namespace, String speed, int episodes, int inFlight, String log) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Mdpstream.class.getName(), "simulate",
                "--scenario", "support", "--episodes", Integer.toString(episodes), "--in-flight", Integer.toString(inFlight),
                "--seed", "7", "--epoch", EPOCH, "--run-id", RUN_ID, "--namespace", namespace, "--speed", speed,
                "--commit-interval", "100ms", "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry", stack.schemaRegistryUrl(), "--no-progress");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), log + ".log"))).start();
        children.add(process);
        return process;
    }

    private void finish(Process process, String log) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends", log).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve(log + ".log"))).isZero();
    }

    /** Events a run of these settings publishes, counted by running its interleaver here. */
    private static long eventsOf(int episodes, int inFlight) {
        Scenario scenario = Scenarios.named("support");
        EpisodeRunner runner = new EpisodeRunner(scenario, Scenarios.parameters(scenario, null),
                Policies.named("heuristic", scenario), RUN_ID, 7, Instant.parse(EPOCH), DriverOptions.defaults());
        EpisodeInterleaver interleaver = new EpisodeInterleaver(runner, EpisodeInterleaver.Decider.of(runner.policy()),
                inFlight, episodes, IntStream.range(0, inFlight).boxed().toList());
        while (interleaver.emitNext((driver, event) -> { })) {
            // runs every lane to its end
        }
        return interleaver.emitted();
    }

    /** Read-committed end offsets of the episode topics, summed: a measure of committed progress. */
    private static long committedOffsets(String namespace) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            if (!admin.listTopics().names().get().containsAll(new EventTopics(namespace).episodeTopics())) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions(admin, namespace).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    private static List<TopicPartition> partitions(Admin admin, String namespace) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(new EventTopics(namespace).episodeTopics()).allTopicNames().get().values()
                .forEach(topic -> topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return partitions;
    }

    /**
     * Every committed event of a namespace by {@code <episode>#<seq>}, as topic kind and value, after
     * checking each episode: no event twice, seq contiguous from 0, one start first, one end last.
     */
    private static Map<String, String> content(String namespace) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", stack.bootstrapServers());
        props.put("schema.registry.url", stack.schemaRegistryUrl());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        Map<String, String> content = new TreeMap<>();
        Map<String, List<String>> bodies = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
             KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = partitions(admin, namespace);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Up to the log end offsets: the last stable offsets that a read_committed endOffsets gives stop short of
            // the publisher's last commit while the broker writes its markers.
            Map<TopicPartition, Long> end = CommittedRecords.logEndOffsets(admin, partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
                    GenericRecord value = (GenericRecord) r.value();
                    GenericRecord envelope = (GenericRecord) value.get("envelope");
                    String episode = envelope.get("episode_id").toString();
                    long seq = (Long) envelope.get("seq");
                    assertThat(r.key()).isEqualTo(episode);
                    String kind = r.topic().substring(namespace.length() + 1);
                    String previous = content.put(episode + "#" + String.format("%06d", seq), kind + " " + value);
                    assertThat(previous).as("%s seq %d published twice in %s", episode, seq, namespace).isNull();
                    if (kind.equals("episodes")) {
                        bodies.computeIfAbsent(episode, e -> new ArrayList<>())
                                .add(((GenericRecord) value.get("body")).getSchema().getName() + "@" + seq);
                    }
                }
            }
        }
        Map<String, Integer> lengths = new TreeMap<>();
        content.keySet().forEach(k -> lengths.merge(k.substring(0, k.indexOf('#')), 1, Integer::sum));
        lengths.forEach((episode, length) -> {
            for (int seq = 0; seq < length; seq++) {
                assertThat(content).as("%s has seq %d of %d in %s", episode, seq, length, namespace)
                        .containsKey(episode + "#" + String.format("%06d", seq));
            }
            assertThat(bodies.get(episode)).as("starts and ends of %s in %s", episode, namespace)
                    .containsExactlyInAnyOrder("EpisodeStarted@0", "EpisodeEnded@" + (length - 1));
        });
        return content;
    }
}
