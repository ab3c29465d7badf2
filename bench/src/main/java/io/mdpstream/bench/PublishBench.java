package io.mdpstream.bench;

import com.sun.management.OperatingSystemMXBean;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.publish.TransactionalProducers;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeInterleaver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * End-to-end publish rate against Kafka's own producer benchmark, in one JVM on one embedded broker.
 * Each round measures, with the same record count:
 *
 * <ol>
 *   <li><b>mdpstream</b>: a run published at {@code --speed max} (simulation, Avro, transactions with
 *       checkpoints) through {@link EpisodePublisher}, as {@code mdpstream simulate} does.</li>
 *   <li><b>ProducerPerformance</b> (kafka-tools): records of mdpstream's mean size (key plus value,
 *       measured by reading the run back) to a topic with as many partitions, with the same producer
 *       settings (acks=all, idempotence, linger 5 ms, batch 64 KiB, no compression) and a transaction
 *       committed every commit interval. It sends unkeyed records to one topic, so its batches are
 *       fuller than those of keyed events spread over four topics.</li>
 *   <li><b>replay</b>: mdpstream's own records (topics, keys, timestamps, serialized values) sent
 *       again by a bare transactional producer with the same settings, committing as often: what
 *       Kafka itself costs for this shape of traffic, the ceiling for any publisher of it.</li>
 * </ol>
 *
 * <p>Rates are steady state: each clock starts when the first tenth of the records has been handed
 * to the producer (so set-up, topic creation, {@code initTransactions} and a new producer's first
 * transactions are left out; ProducerPerformance's {@code --warmup-records} does the same) and stops
 * after the last commit and the producer's close.
 *
 * <p>Warm-up rounds of the same size come first: the embedded broker, the clients and the simulator
 * are a lot of code, and the JIT compiler keeps both cores busy for several runs. Figures are the
 * median of the measured rounds (the best in brackets: on a shared machine noise only slows down).
 * Target: mdpstream at least 0.8x ProducerPerformance.
 *
 * <p>Usage: {@code bench/run PublishBench [scenario] [episodes] [in-flight] [rounds] [warm-up rounds]},
 * by default {@code support 6000 16 3 2}.
 */
public final class PublishBench {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    private static final int PARTITIONS = 3;
    /** The share of each run's records sent before its clock starts. */
    private static final double WARM_UP_SHARE = 0.1;
    private static final Pattern STEADY = Pattern.compile("^(\\d+) steady state records sent, ([0-9.]+) records/sec");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    /** The thread that runs the publisher, ProducerPerformance and the replay (mdpstream may hand work to others). */
    private static final long CALLER = Thread.currentThread().getId();

    private PublishBench() {
    }

    /**
     * One measured publish: records, records/s, and what it used meanwhile: CPU seconds of the
     * calling thread and of the whole JVM (broker included), and milliseconds of JIT compilation.
     */
    private record Measured(long records, double rate, double seconds, double threadCpu, double processCpu, long jitMillis) {

        /** CPU per record (less sensitive than rates to other load on the machine) and JIT time. */
        String cpu() {
            return String.format(Locale.ROOT, "caller %.2f, JVM %.2f us/record, JIT %,d ms", threadCpu * 1e6 / records,
                    processCpu * 1e6 / records, jitMillis);
        }
    }

    /** A round's three figures. */
    private record Round(Measured ours, Measured raw, Measured replay) {
    }

    /** Start of a measurement: wall clock, this thread's CPU, the JVM's CPU, JIT time. */
    private record Mark(long nanos, long threadCpu, long processCpu, long jitMillis, Map<Long, Long> threads) {

        static Mark now() {
            Map<Long, Long> threads = new HashMap<>();
            if (Boolean.getBoolean("bench.threads")) {
                for (long id : THREADS.getAllThreadIds()) {
                    threads.put(id, THREADS.getThreadCpuTime(id));
                }
            }
            return new Mark(System.nanoTime(), THREADS.getThreadCpuTime(CALLER), OS.getProcessCpuTime(),
                    JIT.getTotalCompilationTime(), threads);
        }

        /** With -Dbench.threads=true: CPU since this mark of the JVM's threads, by name with digits dropped. */
        void printThreads(String what, long records) {
            if (threads.isEmpty()) {
                return;
            }
            Map<String, Long> byGroup = new java.util.TreeMap<>();
            for (java.lang.management.ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                Long before = info == null ? null : threads.get(info.getThreadId());
                long now = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
                if (before != null && now >= 0 && before >= 0) {
                    byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "#"), now - before, Long::sum);
                }
            }
            StringBuilder line = new StringBuilder("         " + what + " threads, us/record:");
            byGroup.entrySet().stream().filter(e -> e.getValue() / 1e3 / records >= 0.01)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / 1e3 / records)));
            long listed = byGroup.values().stream().mapToLong(Long::longValue).sum();
            line.append(String.format(Locale.ROOT, " threads ended by now (the producer's), GC and JIT %.2f",
                    (OS.getProcessCpuTime() - processCpu - listed) / 1e3 / records));
            System.out.println(line);
        }

        /** Usage since this mark, for {@code records} sent at {@code rate}, or in the elapsed time when rate is NaN. */
        Measured until(long records, double rate) {
            double seconds = (System.nanoTime() - nanos) / 1e9;
            return new Measured(records, Double.isNaN(rate) ? records / seconds : rate, seconds,
                    (THREADS.getThreadCpuTime(CALLER) - threadCpu) / 1e9, (OS.getProcessCpuTime() - processCpu) / 1e9,
                    JIT.getTotalCompilationTime() - jitMillis);
        }
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "support";
        long episodes = args.length > 1 ? Long.parseLong(args[1]) : 6000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int warmUps = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Scenario scenario = Scenarios.named(name);
        ParameterSet parameters = Scenarios.parameters(scenario, null);

        double simulationOnly = simulationOnly(scenario, parameters, episodes, inFlight);
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers(),
                    "schema.registry.url", stack.schemaRegistryUrl());
            Recorded records = null;
            double meanBytes = 0;
            long count = 0;
            List<Round> measured = new ArrayList<>();
            for (int round = 1 - warmUps; round <= rounds; round++) {
                String label = round <= 0 ? "warm-up" : "round " + round;
                String suffix = round <= 0 ? "w" + (1 - round) : Integer.toString(round);
                // The first run's clock starts at its first record; after it the count is known.
                Published run = publish(scenario, parameters, client, "bench-md-" + suffix, episodes, inFlight,
                        Math.max(1, (long) (count * WARM_UP_SHARE)));
                Measured ours = run.steady();
                count = run.records();
                if (records == null) {
                    // Every round publishes the same events, so their size is measured once.
                    records = readBack(client, scenario, "bench-md-" + suffix, count);
                    meanBytes = (double) records.bytes.length / records.size();
                }
                Measured raw = producerPerformance(client, "bench-raw-" + suffix, count, (int) Math.round(meanBytes));
                Measured replay = replay(client, "bench-replay-" + suffix, records);
                System.out.printf(Locale.ROOT, "%-8s mdpstream %,9.0f/s | ProducerPerformance %,9.0f/s | replay %,9.0f/s"
                        + " | ratio %.2fx%n", label, ours.rate(), raw.rate(), replay.rate(), ours.rate() / raw.rate());
                System.out.printf(Locale.ROOT, "         cpu: %s | %s | %s%n", ours.cpu(), raw.cpu(), replay.cpu());
                if (round > 0) {
                    measured.add(new Round(ours, raw, replay));
                }
            }
            System.out.printf(Locale.ROOT, "%n%s: %,d episodes, %d in flight, %,d records of %.0f B on average (key + value),"
                    + " median of %d rounds [best]:%n", name, episodes, inFlight, records.size(), meanBytes, rounds);
            System.out.printf(Locale.ROOT, "  simulation only, no Kafka     %,10.0f events/s%n", simulationOnly);
            double ours = summary(measured, "mdpstream publish", r -> r.ours().rate());
            double raw = summary(measured, "Kafka ProducerPerformance", r -> r.raw().rate());
            summary(measured, "replay of mdpstream's records", r -> r.replay().rate());
            System.out.printf(Locale.ROOT, "  ratio mdpstream / ProducerPerformance %.2fx (target >= 0.80x); best rounds %.2fx%n",
                    ours / raw, best(measured, r -> r.ours().rate()) / best(measured, r -> r.raw().rate()));
            System.out.printf(Locale.ROOT, "  ratio mdpstream / replay              %.2fx%n",
                    ours / median(measured, r -> r.replay().rate()));
        }
    }

    private static double summary(List<Round> rounds, String what, ToDoubleFunction<Round> rate) {
        double median = median(rounds, rate);
        System.out.printf(Locale.ROOT, "  %-29s %,10.0f records/s [%,.0f]%n", what, median, best(rounds, rate));
        return median;
    }

    /** Events per second of the interleaver with a sink that does nothing: the simulation's own ceiling. */
    private static double simulationOnly(Scenario scenario, ParameterSet parameters, long episodes, int inFlight) {
        double rate = 0;
        for (int pass = 0; pass < 3; pass++) { // the first passes warm the JIT
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

    /**
     * Publishes a run; its clock starts when the {@code startAt}-th record is handed to the producer.
     */
    private static Published publish(Scenario scenario, ParameterSet parameters, Map<String, Object> client, String namespace,
                                    long episodes, int inFlight, long startAt) {
        PublishOptions options = new PublishOptions(namespace, "bench", 7, "heuristic", EPOCH, episodes, inFlight, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, PARTITIONS, (short) 1, COMMIT_INTERVAL, Duration.ofSeconds(5), false,
                FaultSpec.NONE, 1_000_000, client);
        PublishedCounter registry = new PublishedCounter(startAt);
        EpisodePublisher.Summary summary = new EpisodePublisher(scenario, parameters, options, registry).run();
        if (!summary.complete() || registry.start == null) {
            throw new IllegalStateException("the run did not complete: " + summary);
        }
        registry.start.printThreads("mdpstream", summary.events() - startAt + 1);
        return new Published(summary.events(), registry.start.until(summary.events() - startAt + 1, Double.NaN));
    }

    /** A publish: records in all, and the measurement of those after the clock started. */
    private record Published(long records, Measured steady) {
    }

    /**
     * A meter registry that notes the moment the publisher hands its {@code startAt}-th record to the
     * producer: it counts every {@code mdpstream.events.published} increment on the publishing thread.
     */
    private static final class PublishedCounter extends SimpleMeterRegistry {
        private final long startAt;
        private long published;
        Mark start;

        PublishedCounter(long startAt) {
            this.startAt = startAt;
        }

        @Override
        protected Counter newCounter(Meter.Id id) {
            Counter counter = super.newCounter(id);
            if (!id.getName().equals("mdpstream.events.published")) {
                return counter;
            }
            return new Counter() {
                @Override
                public void increment(double amount) {
                    counter.increment(amount);
                    published += (long) amount;
                    if (start == null && published >= startAt) {
                        start = Mark.now();
                    }
                }

                @Override
                public double count() {
                    return counter.count();
                }

                @Override
                public Meter.Id getId() {
                    return counter.getId();
                }
            };
        }
    }

    /**
     * A run's records, for sending again: keys and values back to back in one array, so that holding
     * a million of them costs the garbage collector nothing during the other measurements.
     */
    private static final class Recorded {
        final List<String> kinds = new ArrayList<>();
        final byte[] kindOf;
        final long[] timestamps;
        final int[] keyEnds;
        final int[] valueEnds;
        final byte[] bytes;

        Recorded(List<ConsumerRecord<byte[], byte[]>> records, String namespace) {
            int n = records.size();
            kindOf = new byte[n];
            timestamps = new long[n];
            keyEnds = new int[n];
            valueEnds = new int[n];
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                String kind = r.topic().substring(namespace.length() + 1);
                if (!kinds.contains(kind)) {
                    kinds.add(kind);
                }
                kindOf[i] = (byte) kinds.indexOf(kind);
                timestamps[i] = r.timestamp();
                all.writeBytes(r.key());
                keyEnds[i] = all.size();
                all.writeBytes(r.value());
                valueEnds[i] = all.size();
            }
            bytes = all.toByteArray();
        }

        int size() {
            return timestamps.length;
        }

        byte[] key(int i) {
            return Arrays.copyOfRange(bytes, i == 0 ? 0 : valueEnds[i - 1], keyEnds[i]);
        }

        byte[] value(int i) {
            return Arrays.copyOfRange(bytes, keyEnds[i], valueEnds[i]);
        }
    }

    /** The committed records of a run's event topics, in the order a consumer reads them. */
    private static Recorded readBack(Map<String, Object> client, Scenario scenario, String namespace, long count) {
        EventTopics topics = new EventTopics(namespace);
        List<String> names = new ArrayList<>(topics.episodeTopics());
        scenario.sideStreams().keySet().forEach(stream -> names.add(topics.side(stream)));
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-read-" + namespace);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>((int) count);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(names);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() != count) {
            throw new IllegalStateException("read back " + records.size() + " records, the run published " + count);
        }
        return new Recorded(records, namespace);
    }

    /** Runs Kafka's ProducerPerformance with mdpstream's producer settings; its own records/s. */
    private static Measured producerPerformance(Map<String, Object> client, String topic, long records, int recordSize)
            throws Exception {
        createTopics(client, List.of(topic));
        long warmUp = (long) (records * WARM_UP_SHARE);
        String[] args = {
            "--topic", topic,
            "--num-records", Long.toString(records),
            "--warmup-records", Long.toString(warmUp),
            "--record-size", Integer.toString(recordSize),
            "--throughput", "-1",
            "--bootstrap-server", client.get("bootstrap.servers").toString(),
            "--transactional-id", "bench-" + topic,
            "--transaction-duration-ms", Long.toString(COMMIT_INTERVAL.toMillis()),
            "--command-property", "acks=all", "enable.idempotence=true", "linger.ms=" + TransactionalProducers.LINGER_MS,
            "batch.size=" + TransactionalProducers.BATCH_BYTES,
            "compression.type=none", "client.id=bench-" + topic,
        };
        // ProducerPerformance reports on stdout; keep its summary line, drop its progress lines.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Mark start = Mark.now();
        try {
            ProducerPerformance.main(args);
        } finally {
            System.setOut(stdout);
        }
        double rate = captured.toString(StandardCharsets.UTF_8).lines()
                .map(STEADY::matcher).filter(Matcher::find)
                .filter(m -> Long.parseLong(m.group(1)) == records - warmUp)
                .mapToDouble(m -> Double.parseDouble(m.group(2))).reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalStateException("no steady-state summary from ProducerPerformance:\n" + captured));
        // The CPU figures cover the whole call, set-up and warm-up included; its rate does not.
        return start.until(records, rate);
    }

    /**
     * Sends the records again with a bare transactional producer and mdpstream's settings, committing
     * every commit interval; timed like mdpstream, from the first tenth of the records to after the close.
     */
    private static Measured replay(Map<String, Object> client, String namespace, Recorded records) throws Exception {
        String[] topicOf = records.kinds.stream().map(kind -> namespace + "." + kind).toArray(String[]::new);
        createTopics(client, List.of(topicOf));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get("bootstrap.servers"));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + namespace);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, TransactionalProducers.LINGER_MS);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, TransactionalProducers.BATCH_BYTES);
        Mark start = null;
        int startAt = (int) (records.size() * WARM_UP_SHARE);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            long lastCommit = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                if (i == startAt) {
                    start = Mark.now();
                }
                producer.send(new ProducerRecord<>(topicOf[records.kindOf[i]], null, records.timestamps[i], records.key(i),
                        records.value(i)));
                if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL.toNanos()) {
                    producer.commitTransaction();
                    producer.beginTransaction();
                    lastCommit = System.nanoTime();
                }
            }
            producer.commitTransaction();
        }
        start.printThreads("replay", records.size() - startAt);
        return start.until(records.size() - startAt, Double.NaN);
    }

    private static void createTopics(Map<String, Object> client, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", client.get("bootstrap.servers")))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList()).all().get();
        }
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double best(List<Round> rounds, ToDoubleFunction<Round> value) {
        return rounds.stream().mapToDouble(value).max().orElse(Double.NaN);
    }
}
