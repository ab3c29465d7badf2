package io.mdpstream.bench;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeInterleaver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * End to end publish rate against Kafka's own producer benchmark, in one JVM on one embedded broker:
 *
 * <ol>
 *   <li>mdpstream publishes a run at {@code --speed max} (simulation, Avro, transactions with
 *       checkpoints). The clock starts when the first event is handed to the producer (so topic set-up,
 *       the checkpoint read and {@code initTransactions} are left out) and stops when the run returns,
 *       after its last commit and the producer's close.</li>
 *   <li>The average size of the records it wrote (key plus value) is measured by reading them back.</li>
 *   <li>Kafka's {@code ProducerPerformance} sends as many records of that size to a topic with the same
 *       partitions, with the same producer settings (acks=all, idempotence, linger 5 ms, batch 64 KiB)
 *       and a transaction committed every commit interval. Its own figure is used: from after
 *       {@code initTransactions} to after the producer's close, as for mdpstream.</li>
 * </ol>
 *
 * <p>A short warm-up round of both comes first, so neither pays for the JIT alone. The interleaver's
 * rate with nothing published (simulation only) is printed as the ceiling the publisher works under.
 * Target: mdpstream at least 0.8x the raw rate.
 *
 * <p>Usage: {@code bench/run PublishBench [scenario] [episodes] [in-flight] [rounds]}, by default
 * {@code support 3000 16 1}.
 */
public final class PublishBench {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    private static final int PARTITIONS = 3;
    private static final Pattern TOTAL = Pattern.compile("^(\\d+) records sent, ([0-9.]+) records/sec");

    private PublishBench() {
    }

    /** One measured publish: how many records, how long from the first send to the end, their mean size. */
    private record Measured(long records, double seconds, double meanBytes) {
        double rate() {
            return records / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "support";
        long episodes = args.length > 1 ? Long.parseLong(args[1]) : 3000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Scenario scenario = Scenarios.named(name);
        ParameterSet parameters = Scenarios.parameters(scenario, null);

        double simulationOnly = simulationOnly(scenario, parameters, episodes, inFlight);
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers(),
                    "schema.registry.url", stack.schemaRegistryUrl());
            // Warm-up round: a tenth of the run through both paths, not reported.
            Measured warm = publish(scenario, parameters, client, "warmup-md", Math.max(1, episodes / 10), inFlight);
            producerPerformance(client, "warmup-raw", warm.records(), (int) Math.round(warm.meanBytes()));

            List<Measured> ours = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Measured md = publish(scenario, parameters, client, "bench-md-" + round, episodes, inFlight);
                int size = (int) Math.round(md.meanBytes());
                double rawRate = producerPerformance(client, "bench-raw-" + round, md.records(), size);
                ours.add(md);
                raw.add(rawRate);
                System.out.printf(Locale.ROOT, "round %d: mdpstream %,d records (mean %d B) in %.2f s = %,.0f records/s;"
                        + " ProducerPerformance %,.0f records/s; ratio %.2fx%n", round, md.records(), size, md.seconds(),
                        md.rate(), rawRate, md.rate() / rawRate);
            }
            double oursRate = median(ours.stream().mapToDouble(Measured::rate).toArray());
            double rawRate = median(raw.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(Locale.ROOT, "%n%s, %,d episodes, %d in flight, %,d records of %.0f B (key + value):%n", name,
                    episodes, inFlight, ours.get(0).records(), ours.get(0).meanBytes());
            System.out.printf(Locale.ROOT, "  simulation only (no Kafka)   %,12.0f events/s%n", simulationOnly);
            System.out.printf(Locale.ROOT, "  mdpstream publish            %,12.0f records/s%n", oursRate);
            System.out.printf(Locale.ROOT, "  Kafka ProducerPerformance    %,12.0f records/s%n", rawRate);
            System.out.printf(Locale.ROOT, "  ratio %.2fx (target >= 0.80x)%n", oursRate / rawRate);
        }
    }

    /** Events per second of the interleaver with a sink that does nothing: the simulation's own ceiling. */
    private static double simulationOnly(Scenario scenario, ParameterSet parameters, long episodes, int inFlight) {
        double rate = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT
            EpisodeRunner runner = new EpisodeRunner(scenario, parameters, Policies.named("heuristic", scenario), "sim", 7,
                    EPOCH, DriverOptions.defaults());
            EpisodeInterleaver interleaver = new EpisodeInterleaver(runner, EpisodeInterleaver.Decider.of(runner.policy()),
                    inFlight, episodes, IntStream.range(0, inFlight).boxed().toList());
            long begin = System.nanoTime();
            while (interleaver.emitNext((driver, event) -> { })) {
                // emits until every lane is done
            }
            rate = interleaver.emitted() / ((System.nanoTime() - begin) / 1e9);
        }
        return rate;
    }

    private static Measured publish(Scenario scenario, ParameterSet parameters, Map<String, Object> client, String namespace,
                                    long episodes, int inFlight) {
        PublishOptions options = new PublishOptions(namespace, "bench", 7, "heuristic", EPOCH, episodes, inFlight, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, PARTITIONS, (short) 1, COMMIT_INTERVAL, Duration.ofSeconds(5), false,
                FaultSpec.NONE, 1_000_000, client);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong firstSend = new AtomicLong();
        // The publisher registers its per-topic counter just before handing the first event to the producer.
        registry.config().onMeterAdded(meter -> {
            if (meter.getId().getName().equals("mdpstream.events.published")) {
                firstSend.compareAndSet(0, System.nanoTime());
            }
        });
        EpisodePublisher.Summary summary = new EpisodePublisher(scenario, parameters, options, registry).run();
        long end = System.nanoTime();
        if (!summary.complete()) {
            throw new IllegalStateException("the run did not complete: " + summary);
        }
        List<String> topics = new ArrayList<>(new EventTopics(namespace).episodeTopics());
        scenario.sideStreams().keySet().forEach(stream -> topics.add(new EventTopics(namespace).side(stream)));
        double meanBytes = meanRecordBytes(client, topics, summary.events());
        return new Measured(summary.events(), (end - firstSend.get()) / 1e9, meanBytes);
    }

    /** Mean key + value bytes of the committed records of the topics; expects {@code count} of them. */
    private static double meanRecordBytes(Map<String, Object> client, List<String> topics, long count) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-size-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long records = 0;
        long bytes = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (records < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                }
            }
        }
        if (records != count) {
            throw new IllegalStateException("read back " + records + " records, the run published " + count);
        }
        return (double) bytes / records;
    }

    /**
     * Runs Kafka's ProducerPerformance with mdpstream's producer settings and returns its records/s.
     * It has no keys, so each record's value is as large as mdpstream's key and value together.
     */
    private static double producerPerformance(Map<String, Object> client, String topic, long records, int recordSize)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", client.get("bootstrap.servers")))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        String[] args = {
            "--topic", topic,
            "--num-records", Long.toString(records),
            "--record-size", Integer.toString(recordSize),
            "--throughput", "-1",
            "--bootstrap-server", client.get("bootstrap.servers").toString(),
            "--transactional-id", "bench-" + topic,
            "--transaction-duration-ms", Long.toString(COMMIT_INTERVAL.toMillis()),
            "--command-property", "acks=all", "enable.idempotence=true", "linger.ms=5", "batch.size=65536",
            "compression.type=none", "client.id=bench-" + topic,
        };
        // ProducerPerformance reports on stdout; keep its summary line and drop its progress lines.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(args);
        } finally {
            System.setOut(stdout);
        }
        Optional<Double> rate = captured.toString(StandardCharsets.UTF_8).lines()
                .map(TOTAL::matcher).filter(Matcher::find)
                .filter(m -> Long.parseLong(m.group(1)) == records)
                .map(m -> Double.parseDouble(m.group(2))).reduce((first, second) -> second);
        return rate.orElseThrow(() -> new IllegalStateException("no summary from ProducerPerformance:\n" + captured));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
