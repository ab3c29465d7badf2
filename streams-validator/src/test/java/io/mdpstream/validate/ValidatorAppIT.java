package io.mdpstream.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.FaultRecord;
import io.mdpstream.events.Violation;
import io.mdpstream.events.WindowMetrics;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.testkit.CommittedRecords;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator as it runs, on a real broker and registry: the simulator publishes, the validator
 * checks, and what comes out is read back under read_committed.
 */
@WithKafkaStack
class ValidatorAppIT {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    /** Episodes per scenario in the clean run; at least 2,500 (10,000 over the four) unless a quick run asks fewer. */
    private static final int CLEAN_EPISODES = Integer.getInteger("mdpstream.it.cleanEpisodes", 2_500);

    @TempDir
    Path dir;

    @Test
    void cleanStreamsOfAllFourScenariosShouldGiveAValidVerdictPerEpisodeAndNoViolation(KafkaStack stack) {
        for (String name : List.of("warehouse", "support", "pricing", "incidents")) {
            String ns = stack.uniqueName(name);
            publish(stack, Scenarios.named(name), ns, "clean", CLEAN_EPISODES, EPOCH, FaultSpec.NONE);
            long begin = System.nanoTime();
            // Windows that hold many events: pricing decides a few times a day over four-week seasons.
            ValidatorConfig config = name.equals("pricing")
                    ? ValidatorConfig.of(ns).withWindows(Duration.ofDays(1), Duration.ofHours(6)) : ValidatorConfig.of(ns);
            try (ValidatorApp app = start(stack, config)) {
                List<EpisodeVerdict> verdicts = awaitRecords(stack, new EventTopics(ns).verdicts(), CLEAN_EPISODES, stack);
                double seconds = (System.nanoTime() - begin) / 1e9;
                System.out.printf("%s: %,d episodes validated in %.1f s%n", name, CLEAN_EPISODES, seconds);

                assertThat(verdicts).extracting(EpisodeVerdict::getEpisodeId).doesNotHaveDuplicates().hasSize(CLEAN_EPISODES);
                assertThat(verdicts).allSatisfy(v -> assertThat(v.getValid()).as("%s: %s", v.getEpisodeId(),
                        v.getViolationsByRule()).isTrue());
                assertThat(verdicts.stream().mapToLong(EpisodeVerdict::getEventCount).sum()).isEqualTo(episodeEvents(stack, ns));
                assertThat(app.status().violations()).isZero();
            }
            assertThat(readAll(stack, new EventTopics(ns).violations(), Duration.ofSeconds(2), avro(stack))).isEmpty();
        }
    }

    @Test
    void injectedFaultsShouldBeCaughtWithRecallOfAtLeast99PercentPerKind(KafkaStack stack) {
        String ns = stack.uniqueName("faults");
        Scenario support = Scenarios.named("support");
        FaultSpec faults = FaultSpec.parse("drop=0.003,duplicate=0.003,reorder=0.003,delay=0.003,out_of_range=0.003");
        EpisodePublisher.Summary run = publish(stack, support, ns, "faulty", 400, EPOCH, faults);
        // A clean tail a week later moves stream time past the gap timeout, so episodes whose end was dropped close.
        EpisodePublisher.Summary tail = publish(stack, support, ns, "tail", 40, EPOCH.plus(Duration.ofDays(20)), FaultSpec.NONE);

        ValidatorConfig config = ValidatorConfig.of(ns).withGapTimeout(Duration.ofHours(6));
        List<Violation> violations;
        try (ValidatorApp app = start(stack, config)) {
            awaitRecords(stack, new EventTopics(ns).verdicts(), 440, stack);
            violations = readAll(stack, new EventTopics(ns).violations(), Duration.ofSeconds(3), avro(stack));
        }
        List<FaultRecord> truth = readAll(stack, new EventTopics(ns).faultLog(), Duration.ofSeconds(2), avro(stack));

        assertThat(truth).hasSize((int) run.faults());
        Map<String, int[]> recall = new TreeMap<>(); // kind -> {caught, injected}
        List<String> missed = new ArrayList<>();
        for (FaultRecord fault : truth) {
            int[] score = recall.computeIfAbsent(fault.getKind(), k -> new int[2]);
            score[1]++;
            if (violations.stream().anyMatch(catches(fault))) {
                score[0]++;
            } else {
                missed.add(fault.toString());
            }
        }
        recall.forEach((kind, s) -> System.out.printf("%-12s caught %d of %d (%.2f%%)%n", kind, s[0], s[1], 100.0 * s[0] / s[1]));
        assertThat(recall).containsOnlyKeys("drop", "duplicate", "reorder", "delay", "out_of_range");
        recall.forEach((kind, s) -> assertThat((double) s[0] / s[1]).as("recall of %s; missed %s", kind, missed)
                .isGreaterThanOrEqualTo(0.99));
        assertThat(tail.faults()).isZero();
    }

    @Test
    void poisonRecordsShouldGoToTheDeadLetterTopicAndTheRestBeChecked(KafkaStack stack) {
        String ns = stack.uniqueName("poison");
        EventTopics topics = new EventTopics(ns);
        publish(stack, Scenarios.named("support"), ns, "p", 10, EPOCH, FaultSpec.NONE);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.states(), "not-an-episode", "not avro".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topics.rewards(), "x", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2}));
        }

        try (ValidatorApp app = start(stack, ValidatorConfig.of(ns))) {
            List<EpisodeVerdict> verdicts = awaitRecords(stack, topics.verdicts(), 10, stack);
            assertThat(verdicts).allMatch(EpisodeVerdict::getValid);
            List<ConsumerRecord<String, byte[]>> dead = awaitRaw(stack, topics.deadLetter(), 2);
            Map<String, String> errors = dead.stream().collect(Collectors.toMap(r -> header(r, "topic"), r -> header(r, "error")));
            assertThat(errors).containsOnlyKeys(topics.states(), topics.rewards());
            assertThat(errors.get(topics.states())).contains("magic byte");
            assertThat(errors.get(topics.rewards())).contains("schema id");
            assertThat(dead).allSatisfy(r -> assertThat(header(r, "offset")).isNotNull());
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().deadLetters() == 2);
            assertThat(app.status().violations()).isZero();
        }
    }

    @Test
    void theWindowsShouldReachTheMetricsTopicOnceTheInputGoesQuiet(KafkaStack stack) {
        String ns = stack.uniqueName("metrics");
        publish(stack, Scenarios.named("pricing"), ns, "m", 20, EPOCH, FaultSpec.NONE);
        long events = episodeEvents(stack, ns);
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, 500);
        try (ValidatorApp app = new ValidatorApp(ValidatorConfig.of(ns), props, new SimpleMeterRegistry(), dir.resolve("state"))) {
            app.start();
            awaitRecords(stack, new EventTopics(ns).verdicts(), 20, stack);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.status().windows() > 0);
            awaitWindowsCountingEveryEvent(stack, ns, events, Map.of());
            // Shares merged and committed are deleted, as Kafka Streams deletes its repartition topics' records.
            TopicPartition shares = new TopicPartition(ValidatorTopology.partialsTopic(app.applicationId()), 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> earliestOffset(stack, shares) > 0);
        }
    }

    @Test
    void aValidatorShouldLeaveItsGroupAsItClosesSoThatTheNextOneGetsTheTasksAtOnce(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("leave");
        publish(stack, Scenarios.named("pricing"), ns, "l", 20, EPOCH, FaultSpec.NONE);
        String group;
        try (ValidatorApp app = new ValidatorApp(ValidatorConfig.of(ns), stack.clientProperties(), new SimpleMeterRegistry(),
                dir.resolve("leave"))) {
            app.start();
            group = app.applicationId();
            awaitRecords(stack, new EventTopics(ns).verdicts(), 20, stack);
            assertThat(groupMembers(stack, group)).as("a member per stream thread").isPositive();
        }
        // Had it stayed in the group until the broker missed it (the session timeout, 45 s), a validator started again
        // with a new state directory, or on another machine, would have waited as long for its tasks.
        await().atMost(Duration.ofSeconds(10)).until(() -> groupMembers(stack, group) == 0);
    }

    private static int groupMembers(KafkaStack stack, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().size();
        }
    }

    private static long earliestOffset(KafkaStack stack, TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        }
    }

    @Test
    void aSecondValidatorOfTheSameNamespaceShouldMergeOnlyItsOwnWindowShares(KafkaStack stack) {
        String ns = stack.uniqueName("second");
        publish(stack, Scenarios.named("pricing"), ns, "s", 10, EPOCH, FaultSpec.NONE);
        long events = episodeEvents(stack, ns);
        try (ValidatorApp first = start(stack, ValidatorConfig.of(ns))) {
            awaitWindowsCountingEveryEvent(stack, ns, events, Map.of());
        }
        Map<TopicPartition, Long> afterFirst = endOffsets(stack, new EventTopics(ns).metrics());

        // Another application id (say, another reference profile): its own group, state and shares, the same outputs.
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "second-validator-" + ns);
        try (ValidatorApp second = new ValidatorApp(ValidatorConfig.of(ns), props, new SimpleMeterRegistry(), dir.resolve("second"))) {
            second.start();
            // Had it merged the first one's shares as well, every window would count its events twice.
            awaitWindowsCountingEveryEvent(stack, ns, events, afterFirst);
        }
    }

    @Test
    void aValidatorKilledMidRunShouldResumeWithoutLosingOrRepeatingAVerdict(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("killed");
        int episodes = 1_000;
        publish(stack, Scenarios.named("support"), ns, "k", episodes, EPOCH, FaultSpec.NONE);
        String verdictTopic = new EventTopics(ns).verdicts();

        Process first = child(stack, ns, dir.resolve("state-1"), dir.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> countRecords(stack, verdictTopic) >= 100);
        } finally {
            first.destroyForcibly(); // SIGKILL: no close, no last commit
            first.waitFor();
        }
        long before = countRecords(stack, verdictTopic);
        assertThat(before).as("killed mid-run").isLessThan(episodes);

        // A fresh state directory: the state comes back from the changelogs alone.
        Process second = child(stack, ns, dir.resolve("state-2"), dir.resolve("second.log"));
        try {
            List<EpisodeVerdict> verdicts = awaitRecords(stack, verdictTopic, episodes, stack);
            assertThat(verdicts).extracting(EpisodeVerdict::getEpisodeId).doesNotHaveDuplicates().hasSize(episodes);
            assertThat(verdicts).allMatch(EpisodeVerdict::getValid);
            // Windows marked before the kill but not yet written still go out: the marks are in a changelog too.
            long events = episodeEvents(stack, ns);
            awaitWindowsCountingEveryEvent(stack, ns, events, Map.of());
        } finally {
            second.destroyForcibly();
            second.waitFor();
        }
        assertThat(readAll(stack, new EventTopics(ns).violations(), Duration.ofSeconds(1), avro(stack))).isEmpty();
    }

    @Test
    void anOutputTopicThatWouldRejectSimulatedTimestampsShouldBeRefusedBeforeAnyWork(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("unfit");
        publish(stack, Scenarios.named("pricing"), ns, "u", 2, EPOCH, FaultSpec.NONE);
        String verdicts = new EventTopics(ns).verdicts();
        try (Admin admin = Admin.create(stack.clientProperties())) {
            // What a broker's defaults give: records over an hour ahead of its clock are refused.
            admin.createTopics(List.of(new NewTopic(verdicts, 3, (short) 1)
                    .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "3600000")))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> start(stack, ValidatorConfig.of(ns)))
                .isInstanceOf(ValidatorException.class)
                .hasMessageContaining("topic " + verdicts + " exists with message.timestamp.after.max.ms=3600000");
        assertThat(countRecords(stack, verdicts)).isZero();
        assertThat(countRecords(stack, new EventTopics(ns).violations())).isZero();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void awaitWindowsCountingEveryEvent(KafkaStack stack, String ns, long events, Map<TopicPartition, Long> from) {
        long perEvent = ValidatorConfig.of(ns).windowSize().dividedBy(ValidatorConfig.of(ns).windowAdvance());
        // Asserted rather than polled for true, so that a timeout says how far the windows got, and which were short.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<Instant, Long> counts = windowCounts(stack, ns, from);
                    assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                            .as("events counted by the latest record of every window (each event once per window covering it);"
                                    + " windows written %d, the last five %s", counts.size(), lastFive(counts))
                            .isEqualTo(events * perEvent);
                });
    }

    /**
     * The events each window counts, by its start, from the latest record of each window, reading the metrics from the
     * offsets in {@code from} (from the start of a partition it lacks).
     */
    private static Map<Instant, Long> windowCounts(KafkaStack stack, String ns, Map<TopicPartition, Long> from) {
        Map<Instant, Long> counts = new TreeMap<>();
        try (KafkaConsumer<String, Object> consumer = consumer(stack, avro(stack))) {
            consume(stack, consumer, new EventTopics(ns).metrics(), Duration.ofSeconds(1), from, r -> {
                WindowMetrics w = (WindowMetrics) r.value();
                counts.put(w.getWindowStart(), w.getEventCounts().values().stream().mapToLong(Long::longValue).sum());
            });
        }
        return counts;
    }

    private static String lastFive(Map<Instant, Long> counts) {
        List<Map.Entry<Instant, Long>> all = new ArrayList<>(counts.entrySet());
        return all.subList(Math.max(0, all.size() - 5), all.size()).toString();
    }

    /** Which violations count as catching a fault: one of the rules the fault must trigger, at its seq. */
    private static Predicate<Violation> catches(FaultRecord fault) {
        long seq = fault.getSeq();
        Predicate<Violation> sameEpisode = v -> v.getEpisodeId().equals(fault.getEpisodeId());
        Predicate<Violation> at = v -> v.getSeq() != null && v.getSeq() == seq;
        Predicate<Violation> gapOver = v -> v.getRule().equals(Rule.SEQ_GAP.id()) && v.getSeq() != null && v.getSeq() <= seq
                && seq < Long.parseLong(v.getEvidence().get("next_seq"));
        Predicate<Violation> endLost = v -> v.getRule().equals(Rule.UNFINISHED.id())
                && Long.parseLong(v.getEvidence().get("last_seq")) < seq;
        Predicate<Violation> late = v -> v.getRule().equals(Rule.LATE_EVENT.id()) && at.test(v);
        Predicate<Violation> match = switch (fault.getKind()) {
            case "drop" -> gapOver.or(endLost);
            case "duplicate" -> v -> v.getRule().equals(Rule.SEQ_DUPLICATE.id()) && at.test(v);
            case "reorder" -> gapOver.or(late).or(v -> v.getRule().equals(Rule.REORDERED.id()) && at.test(v));
            case "delay" -> gapOver.or(late).or(v -> v.getRule().equals(Rule.REORDERED.id()) && at.test(v));
            case "out_of_range" -> v -> v.getRule().equals(Rule.OBSERVATION_RANGE.id()) && at.test(v);
            default -> v -> false;
        };
        return sameEpisode.and(match);
    }

    private static EpisodePublisher.Summary publish(KafkaStack stack, Scenario scenario, String ns, String runId, long episodes,
                                                    Instant epoch, FaultSpec faults) {
        PublishOptions options = new PublishOptions(ns, runId, 11, "heuristic", epoch, episodes, 16, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, 3, (short) 1, Duration.ofMillis(200), Duration.ofSeconds(5), false,
                faults, 1_000_000, stack.clientProperties());
        EpisodePublisher.Summary summary = new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options,
                new SimpleMeterRegistry()).run();
        assertThat(summary.complete()).isTrue();
        return summary;
    }

    private ValidatorApp start(KafkaStack stack, ValidatorConfig config) {
        ValidatorApp app = new ValidatorApp(config, stack.clientProperties(), new SimpleMeterRegistry(),
                dir.resolve("state-" + config.namespace()));
        app.start();
        return app;
    }

    private Process child(KafkaStack stack, String ns, Path stateDir, Path log) throws Exception {
        Files.createDirectories(stateDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), ValidatorChild.class.getName(),
                stack.bootstrapServers(), stack.schemaRegistryUrl(), ns, stateDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Deserializer<Object> avro(KafkaStack stack) {
        return new AvroDeserializer<>(CachingSchemaRegistryClient.connect(RegistryClientConfig.of(stack.schemaRegistryUrl())), true);
    }

    /** Waits until at least {@code n} values are on the topic (read_committed), then reads them all. */
    @SuppressWarnings("unchecked")
    private static <T> List<T> awaitRecords(KafkaStack stack, String topic, int n, KafkaStack unused) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> countRecords(stack, topic) >= n);
        return (List<T>) readAll(stack, topic, Duration.ofSeconds(1), avro(stack));
    }

    private static List<ConsumerRecord<String, byte[]>> awaitRaw(KafkaStack stack, String topic, int n) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> countRecords(stack, topic) >= n);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(stack, new ByteArrayDeserializer())) {
            consume(stack, consumer, topic, Duration.ofSeconds(1), out::add);
        }
        return out;
    }

    /** Records on the four episode topics (a scenario's side streams, like pricing's purchases, are not checked). */
    private static long episodeEvents(KafkaStack stack, String ns) {
        return new EventTopics(ns).episodeTopics().stream().mapToLong(topic -> countRecords(stack, topic, Duration.ofSeconds(10))).sum();
    }

    /** Committed records on the topic: end offsets minus transaction markers, counted by reading. */
    private static long countRecords(KafkaStack stack, String topic) {
        return countRecords(stack, topic, Duration.ofMillis(300));
    }

    private static long countRecords(KafkaStack stack, String topic, Duration idle) {
        long[] n = {0};
        try (KafkaConsumer<String, byte[]> consumer = consumer(stack, new ByteArrayDeserializer())) {
            consume(stack, consumer, topic, idle, r -> n[0]++);
        }
        return n[0];
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> readAll(KafkaStack stack, String topic, Duration idle, Deserializer<Object> values) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = consumer(stack, values)) {
            consume(stack, consumer, topic, idle, r -> out.add((T) r.value()));
        }
        return out;
    }

    private static <V> KafkaConsumer<String, V> consumer(KafkaStack stack, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // Asking for an output before the validator made it must not make it with the broker's
        // defaults: one partition, and a retention that deletes verdicts stamped in the simulated past.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    /** Where everything written to the topic so far ends (see {@link #logEndOffsets}). */
    private static Map<TopicPartition, Long> endOffsets(KafkaStack stack, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(stack, new ByteArrayDeserializer())) {
            return logEndOffsets(stack, partitions(consumer, topic));
        }
    }

    /**
     * The log end offsets: not consumer.endOffsets, which read_committed stops short of a transaction committed just
     * before (the validator's or the publisher's last) while the broker writes its markers.
     */
    private static Map<TopicPartition, Long> logEndOffsets(KafkaStack stack, List<TopicPartition> partitions) {
        try (Admin admin = Admin.create(stack.clientProperties())) {
            return CommittedRecords.logEndOffsets(admin, partitions);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /**
     * Reads the topic from the start until every transaction committed before the call has been read (the log end
     * offsets are reached), or nothing comes for {@code idle}.
     */
    private static <V> void consume(KafkaStack stack, KafkaConsumer<String, V> consumer, String topic, Duration idle,
                                    java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        consume(stack, consumer, topic, idle, Map.of(), each);
    }

    /** As above, from the offsets in {@code from} where it has one. */
    private static <V> void consume(KafkaStack stack, KafkaConsumer<String, V> consumer, String topic, Duration idle,
                                    Map<TopicPartition, Long> from,
                                    java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        if (partitions.isEmpty()) {
            return; // not created yet
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        from.forEach(consumer::seek);
        Map<TopicPartition, Long> end = logEndOffsets(stack, partitions);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < idle.toNanos()) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                quietSince = System.nanoTime();
                records.forEach(each);
            }
            if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                return;
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader("mdpstream.dlq." + name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
