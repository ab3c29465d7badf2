package io.mdpstream.bench;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.events.Violation;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.validate.ValidatorApp;
import io.mdpstream.validate.ValidatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * The validator's rate against a plain consumer of the same topics, and its detection latency.
 *
 * <ol>
 *   <li><b>throughput</b>: a run is published first; then, in turn, a plain consumer (read_committed,
 *       values decoded from Avro through the registry, as any useful reader must) reads the four
 *       episode topics to the end, and the validator, started from nothing, checks them until its
 *       last verdict is committed. Events per second of each, and the ratio (target at least 0.5x).
 *       Rates are those of the steady state: the first tenth of the input is each reader's start
 *       (a Kafka Streams application joins its group, starts exactly-once producers and creates its
 *       changelogs; the consumer only assigns itself the partitions), whose time is printed apart,
 *       and the rate is that of the other nine tenths; the validator's progress is read from its
 *       verdicts, a tenth of the episodes being a tenth of the events to within the episodes in
 *       flight, and the validator's run ends when its last window of the run is written (see
 *       {@link #windowsWritten}), not at its last verdict. Three warm-up rounds, not counted, go
 *       first: everything runs in one JVM, and its JIT compiler takes most of a core for the first
 *       minute or two (each round prints how long it compiled: about 24, 12 and 9 s in the first
 *       three rounds, then 7, 5 and 4.5 s, and 2 to 3 s from the ninth; with two warm-up rounds the first
 *       counted one still competed with the compiler for the machine's two cores). Waiting for the
 *       compiler to settle was tried: after nine warm-up rounds the validator's rounds were no faster
 *       (0.37x, 0.33x, 0.34x against 0.32x, 0.36x, 0.42x after three). The validator
 *       runs with its default stream threads (one per task, up to twice the cores). A third reader, a Kafka
 *       Streams application with the validator's guarantees that only decodes and counts (one
 *       thread), shows how much of the gap is the framework's and how much the checks'; a fourth,
 *       the validator without its rolling statistics ({@code --no-statistics}), how much is the
 *       statistics'. The CPU time of the Kafka Streams applications' stream threads per event is
 *       printed too: the work, which waits and the machine's other load do not blur; and so is the
 *       whole process's CPU time per steady event, with the cores it kept busy: the embedded broker and registry run
 *       in this process, so that is the machine's work for each reader. It is split three ways: the reader's own
 *       threads, the other threads (the broker's, and the clients' I/O threads, which serve what a reader writes),
 *       and the JVM's own (garbage collector, JIT compiler). Cores busy near the machine's cores say the run was
 *       bound by CPU rather than by waiting. Last, the bytes each validator wrote per input event, by topic (its
 *       changelogs, the topic where window shares meet, and {@code <ns>.metrics}), from the growth of the broker's
 *       logs: what the broker stores and serves for it; and the produce requests that carried it, per 1,000 input
 *       events (see {@link #produceRequests}).</li>
 *   <li><b>latency</b>: a run with duplicates and out-of-range values injected is published at a
 *       fixed rate (default 50,000 events/s) while the validator runs; a reader sees each faulty
 *       event become visible (committed) and another sees its violation become visible. Wall time
 *       between the two, per fault: p50, p99, max (target p99 under one second). Faults found only
 *       after the lateness bound (gaps) are left out: their latency is the bound, in simulated time.
 *       The validator starts after the publisher (it needs the topics) and then catches up, so the
 *       target is read in the steady state, from faults after the first quarter of the run; the
 *       whole run's figures, start included, are printed beside it.</li>
 * </ol>
 *
 * <p>Where the rolling statistics' time goes. This was measured with temporary switches, not kept in the code, that cut
 * the statistics short at one stage, each run as {@code --compare} (paired rounds, 3 counted, support 20000; the
 * validator as it is ran at 0.18x to 0.40x of the plain consumer in them):
 * <ul>
 *   <li>each state's features read, nothing kept: 0.53x, 0.64x, 0.54x of the plain consumer;</li>
 *   <li>added to the task's slices, none handed on: 0.51x, 0.44x, 0.61x (2.8 to 3.5 us of machine CPU per event,
 *       against 2.5 to 2.6 without statistics);</li>
 *   <li>handed on through the shares topic to the merger, which reads them and merges nothing: 0.33x, 0.27x, 0.32x
 *       (4.3 to 5.0 us per event);</li>
 *   <li>merged slices held in memory instead of their changelogged store: 1.07x the validator as it is (0.98 to
 *       1.48), so not where the time goes.</li>
 * </ul>
 * The tasks' own share of the work already takes the validator down to about 0.5x. Handing the shares on costs more
 * than all of that, and merging them and writing the windows costs as much again.
 *
 * <p>Usage: {@code bench/run ValidateBench [scenario] [episodes] [rounds] [latency-rate] [latency-seconds]}, by default
 * {@code support 20000 3 50000 20} (rounds after the warm-up). With {@code --compare key=value} it runs, in each round, the
 * validator as it is and the validator with that client property (say {@code commit.interval.ms=400}) back to back, and
 * prints the median ratio of their rates instead: see {@link #compare}. With {@code --windows SIZE/ADVANCE} (say
 * {@code 4h/1h}) the validators of the throughput rounds use those windows instead of the default 1h/15m.
 */
public final class ValidateBench {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    /** Rounds first run and not counted, while the JIT compiler still takes a core (it prints how long it compiled). */
    private static final int WARM_UP_ROUNDS = 3;
    /** No window written for this long after the last verdict: the run's windows are out (the idle flush comes at 5 s). */
    private static final Duration WINDOWS_SETTLED = Duration.ofMillis(2_500);
    /** The pass-through only reads; Kafka Streams still wants a serde. */
    private static final Serializer<Object> READ_ONLY = (topic, value) -> {
        throw new UnsupportedOperationException("the pass-through writes nothing");
    };

    private ValidateBench() {
    }

    public static void main(String[] arguments) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, Object> setting = new HashMap<>();
        Duration[] windows = null;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].equals("--windows")) {
                windows = windows(i + 1 < arguments.length ? arguments[++i] : "");
            } else if (arguments[i].equals("--compare")) {
                String pair = i + 1 < arguments.length ? arguments[++i] : "";
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--compare takes a client property as key=value, got '" + pair + "'");
                }
                setting.put(pair.substring(0, equals), pair.substring(equals + 1));
            } else {
                positional.add(arguments[i]);
            }
        }
        String[] args = positional.toArray(String[]::new);
        String scenarioName = args.length > 0 ? args[0] : "support";
        // About 4.4 million events. The plain consumer reads 4,000 episodes (0.9 million events) in about a second, too
        // short for its steady rate: 0.57-0.82 million events/s there against 1.07-1.34 million over this many, while
        // the validator's own rate hardly moves, so the shorter run flattered the ratio (0.39-0.44x against 0.24x).
        int episodes = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 50_000;
        int latencySeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Scenario scenario = Scenarios.named(scenarioName);
        try (TempTree temp = TempTree.create("validate-bench"); EmbeddedStack stack = EmbeddedStack.builder().start()) {
            Path dir = temp.root();
            Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers(),
                    "schema.registry.url", stack.schemaRegistryUrl());
            SchemaRegistryClient registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.of(stack.schemaRegistryUrl()));
            String ns = "bench-" + scenarioName;
            ValidatorConfig config = windows == null ? ValidatorConfig.of(ns) : ValidatorConfig.of(ns).withWindows(windows[0], windows[1]);
            publish(scenario, ns, episodes, Double.POSITIVE_INFINITY, 0, FaultSpec.NONE, client);
            long events = 0;
            for (String topic : new EventTopics(ns).episodeTopics()) {
                events += endOffsets(client, topic);
            }
            System.out.printf(Locale.ROOT, "%s: %,d episodes, %,d events on the four episode topics%n", scenarioName, episodes, events);
            if (!setting.isEmpty()) {
                compare(client, registry, config, episodes, events, rounds, setting, dir);
                return;
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> checksOnlyRatios = new ArrayList<>();
            for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                Reading plain = plainConsumer(client, registry, ns, events);
                Reading validator = validator(client, config, episodes, events,
                        dir.resolve("round-" + (round + WARM_UP_ROUNDS)));
                Reading checksOnly = validator(client, config.withStatistics(false), episodes, events,
                        dir.resolve("checks-only-" + (round + WARM_UP_ROUNDS)));
                Reading passThrough = passThrough(client, ns, events, dir.resolve("pass-through-" + (round + WARM_UP_ROUNDS)));
                long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
                String label = roundLabel(round);
                if (round > 0) {
                    ratios.add(validator.rate() / plain.rate());
                    checksOnlyRatios.add(checksOnly.rate() / plain.rate());
                }
                System.out.printf(Locale.ROOT, "%s: plain consumer %,.0f events/s, validator %,.0f events/s: %.2fx%n",
                        label, plain.rate(), validator.rate(), validator.rate() / plain.rate());
                System.out.printf(Locale.ROOT, "         Kafka Streams pass-through %,.0f events/s: %.2fx the plain consumer; "
                        + "the validator is %.2fx of it%n", passThrough.rate(), passThrough.rate() / plain.rate(),
                        validator.rate() / passThrough.rate());
                System.out.printf(Locale.ROOT, "         validator without statistics (--no-statistics) %,.0f events/s: %.2fx the plain consumer%n",
                        checksOnly.rate(), checksOnly.rate() / plain.rate());
                System.out.printf(Locale.ROOT, "         start (first tenth): consumer %.1f s, validator %.1f s, pass-through %.1f s;"
                        + " CPU of the stream threads per event: validator %.2f us, without statistics %.2f us, pass-through %.2f us;"
                        + " JIT compiling %.1f s%n",
                        plain.startSeconds(), validator.startSeconds(), passThrough.startSeconds(),
                        validator.cpuMicrosPerEvent(), checksOnly.cpuMicrosPerEvent(), passThrough.cpuMicrosPerEvent(), jit / 1e3);
                System.out.printf(Locale.ROOT, "         CPU of the whole process per steady event (the reader's own threads + the other threads:"
                        + " broker, client I/O + the JVM's own: GC, JIT), and cores busy:%n"
                        + "           consumer %s%n           validator %s%n           without statistics %s%n           pass-through %s%n",
                        plain.machine(), validator.machine(), checksOnly.machine(), passThrough.machine());
                System.out.printf(Locale.ROOT, "         bytes written per event, by topic:%n           validator %s%n"
                        + "           without statistics %s%n", validator.written(), checksOnly.written());
                System.out.printf(Locale.ROOT, "         produce requests per 1,000 events: validator %.2f, without statistics %.2f%n",
                        validator.produceRequestsPerThousand(), checksOnly.produceRequestsPerThousand());
            }
            double[] sorted = sorted(ratios);
            double[] checksOnlySorted = sorted(checksOnlyRatios);
            System.out.printf(Locale.ROOT, "validator / plain consumer: median %.2fx (best %.2fx), target >= 0.5x;"
                    + " without statistics: median %.2fx%n", sorted[sorted.length / 2], sorted[sorted.length - 1],
                    checksOnlySorted[checksOnlySorted.length / 2]);
            latency(scenario, client, registry, rate, latencySeconds, dir.resolve("latency"));
        }
    }

    /**
     * The validator as it is against the validator with {@code setting} added to its client properties, back to back in
     * each round (which of the two goes first alternates), and the median of the per-round ratios of their rates. Two
     * runs minutes apart differ by more than most changes of a setting would (see the class comment), two runs seconds
     * apart by less; so a setting is judged on paired rounds, not on the medians of two separate runs. The noise floor,
     * from the same validator twice ({@code --compare commit.interval.ms=100}, the exactly-once default): per-round
     * ratios from 0.87 to 1.20, median 0.99 over six rounds. A median within about 5% of 1 says nothing.
     */
    private static void compare(Map<String, Object> client, SchemaRegistryClient registry, ValidatorConfig config, int episodes, long events,
                                int rounds, Map<String, Object> setting, Path dir) {
        Map<String, Object> changed = new HashMap<>(client);
        changed.putAll(setting);
        List<Double> ratios = new ArrayList<>();
        for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
            Reading plain = plainConsumer(client, registry, config.namespace(), events);
            boolean changedFirst = round % 2 == 0;
            int n = round + WARM_UP_ROUNDS;
            Reading first = validator(changedFirst ? changed : client, config, episodes, events, dir.resolve("compare-" + n + "-a"));
            Reading second = validator(changedFirst ? client : changed, config, episodes, events, dir.resolve("compare-" + n + "-b"));
            Reading as = changedFirst ? second : first;
            Reading with = changedFirst ? first : second;
            if (round > 0) {
                ratios.add(with.rate() / as.rate());
            }
            System.out.printf(Locale.ROOT, "%s: plain consumer %,.0f events/s; validator %,.0f events/s (%.2fx), with %s %,.0f events/s"
                            + " (%.2fx): %.3f times as fast%n", roundLabel(round), plain.rate(),
                    as.rate(), as.rate() / plain.rate(), setting, with.rate(), with.rate() / plain.rate(), with.rate() / as.rate());
            System.out.printf(Locale.ROOT, "         CPU per steady event: validator %s; with the setting %s%n", as.machine(), with.machine());
            System.out.printf(Locale.ROOT, "         bytes written per event: validator %s; with the setting %s%n", as.written(), with.written());
        }
        double[] sorted = sorted(ratios);
        System.out.printf(Locale.ROOT, "with %s: median %.3f times as fast as the validator as it is (rounds %.3f .. %.3f)%n", setting,
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    /**
     * The validator's windows from {@code --windows SIZE/ADVANCE}, each a number of minutes, hours or days ({@code 4h/1h}),
     * to see how the rate depends on the events per slice of simulated time. With 4h/1h (four times the default's events
     * per slice) the statistics wrote a third of the bytes per event, and the validator ran at the same 0.23x: their cost
     * is in the values of every state, not in the slices.
     */
    private static Duration[] windows(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--windows takes SIZE/ADVANCE, say 4h/1h, got '" + text + "'");
        }
        return new Duration[] {duration(parts[0]), duration(parts[1])};
    }

    private static Duration duration(String text) {
        if (!text.matches("[1-9][0-9]*[mhd]")) {
            throw new IllegalArgumentException("a window size or advance is a whole number of m, h or d, got '" + text + "'");
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** How a round is named in the output: rounds up to 0 are the warm-up. */
    private static String roundLabel(int round) {
        return round <= 0 ? "warm-up (not counted)" : "round " + round;
    }

    /** The rounds' ratios in ascending order, for their median and range. */
    private static double[] sorted(List<Double> ratios) {
        return ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static EpisodePublisher.Summary publish(Scenario scenario, String ns, long episodes, double speed, double maxRate,
                                                    FaultSpec faults, Map<String, Object> client) {
        PublishOptions options = new PublishOptions(ns, "bench", 3, "heuristic", EPOCH, episodes, 16, 1, 0, speed, maxRate,
                null, 3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false, faults, 1_000_000, client);
        return new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options, new SimpleMeterRegistry()).run();
    }

    /**
     * A reader's run: its steady rate in events per second (after the first tenth of the input), the time it took to
     * read that first tenth, for a Kafka Streams application the CPU time its stream threads took per event over the
     * whole run (NaN for the consumer), and the CPU time spent meanwhile over its steady events (see {@link Cpu}).
     */
    private record Reading(double rate, double startSeconds, double cpuMicrosPerEvent, Cpu steadyCpu, double steadyEvents,
                           long steadyNanos, Map<String, Double> writtenPerEvent, double produceRequestsPerThousand) {
        /** The same reading, with the bytes per input event that the reader wrote, by topic, and its produce requests. */
        Reading withWritten(Map<String, Double> written, double requestsPerThousand) {
            return new Reading(rate, startSeconds, cpuMicrosPerEvent, steadyCpu, steadyEvents, steadyNanos, written, requestsPerThousand);
        }

        /** What it wrote per input event, the largest first, e.g. {@code window-merged-changelog 70.1 B}. */
        String written() {
            return writtenPerEvent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.1f B", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        /** The whole process's CPU per steady event, split, and the cores it kept busy meanwhile (of the machine's). */
        String machine() {
            return String.format(Locale.ROOT, "%.2f us = %.2f + %.2f + %.2f, %.2f of %d cores", micros(steadyCpu.process()),
                    micros(steadyCpu.reader()), micros(steadyCpu.threads() - steadyCpu.reader()),
                    micros(steadyCpu.process() - steadyCpu.threads()), (double) steadyCpu.process() / steadyNanos,
                    Runtime.getRuntime().availableProcessors());
        }

        private double micros(long nanos) {
            return nanos / 1e3 / steadyEvents;
        }
    }

    /**
     * CPU time so far, in nanoseconds: of a reader's own threads, of every live thread of this process, and of the whole
     * process. The embedded broker and registry run in this process, so over a reader's steady state it is the
     * machine's work for that reader; what the threads do not account for is the JVM's own (the garbage collector's and
     * the JIT compiler's threads, which the thread bean does not show). A thread that ended meanwhile is counted there too.
     */
    private record Cpu(long reader, long threads, long process) {
        static Cpu now(LongSupplier reader) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long threads = 0;
            for (long id : mx.getAllThreadIds()) {
                threads += Math.max(0, mx.getThreadCpuTime(id)); // -1 for a thread that has just ended
            }
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return new Cpu(reader.getAsLong(), threads, process);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(reader - earlier.reader, threads - earlier.threads, process - earlier.process);
        }
    }

    /** When a reader's run ended ({@link System#nanoTime}), and the CPU time by then. */
    private record RunEnd(long nanoTime, Cpu cpu) {
    }

    /**
     * Times a reader through its input: the first tenth is its start, the rest its steady state, whose events per second
     * and whole-process CPU time it measures.
     */
    private static final class Stopwatch {
        private final long begin = System.nanoTime();
        private final double total;
        private final LongSupplier readerCpu;
        private long steadyFrom = -1;
        private Cpu steadyCpu;
        private double steadyAt;

        /** For {@code total} units of input, read by threads whose CPU time so far {@code readerCpu} tells. */
        Stopwatch(double total, LongSupplier readerCpu) {
            this.total = total;
            this.readerCpu = readerCpu;
        }

        /** The reader's run so far. */
        RunEnd now() {
            return new RunEnd(System.nanoTime(), Cpu.now(readerCpu));
        }

        /** Notes how much of the input ({@code done} of the total) has been read by now. */
        void progress(double done) {
            if (steadyFrom < 0 && done >= total / 10) {
                steadyFrom = System.nanoTime();
                steadyCpu = Cpu.now(readerCpu);
                steadyAt = done;
            }
        }

        /** The reading once all of the input is read, with the events per unit of progress. */
        Reading done(double eventsPerUnit, double cpuMicrosPerEvent) {
            return done(eventsPerUnit, cpuMicrosPerEvent, now());
        }

        /** The reading of a run that ended at {@code end}. */
        Reading done(double eventsPerUnit, double cpuMicrosPerEvent, RunEnd end) {
            double steadyEvents = (total - steadyAt) * eventsPerUnit;
            long wall = end.nanoTime() - steadyFrom;
            return new Reading(steadyEvents / (wall / 1e9), (steadyFrom - begin) / 1e9, cpuMicrosPerEvent,
                    end.cpu().minus(steadyCpu), steadyEvents, wall, Map.of(), Double.NaN);
        }
    }

    /** Reads the four topics to their ends, decoding every value. */
    private static Reading plainConsumer(Map<String, Object> client, SchemaRegistryClient registry, String ns, long events) {
        AvroDeserializer<Object> values = new AvroDeserializer<>(registry, false);
        // Read on this thread.
        Stopwatch clock = new Stopwatch(events, ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime);
        long read = 0;
        long checksum = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(client)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : new EventTopics(ns).episodeTopics()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read < events) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    GenericRecord value = (GenericRecord) values.deserialize(record.topic(), record.value());
                    checksum += value.getSchema().getFields().size();
                    read++;
                }
                clock.progress(read);
            }
        }
        if (checksum == 0) {
            throw new IllegalStateException("nothing decoded");
        }
        return clock.done(1, Double.NaN);
    }

    /**
     * Starts a validator with no state and waits for its last verdict and, with statistics, its last window; its
     * progress is read from its verdicts.
     */
    private static Reading validator(Map<String, Object> client, ValidatorConfig config, int episodes, long events, Path stateDir) {
        Map<String, Object> props = new HashMap<>(client);
        String applicationId = "bench-validator-" + stateDir.getFileName();
        props.put("application.id", applicationId);
        Stopwatch clock = new Stopwatch(episodes, () -> streamThreadCpuNanos(applicationId));
        String metrics = new EventTopics(config.namespace()).metrics();
        Map<String, Long> before = topicBytes(client, applicationId, metrics);
        long requestsBefore = produceRequests();
        try (ValidatorApp app = new ValidatorApp(config, props, new SimpleMeterRegistry(), stateDir)) {
            app.start();
            long verdicts;
            while ((verdicts = app.status().verdicts()) < episodes) {
                clock.progress(verdicts);
                sleep(20);
            }
            if (app.status().violations() != 0) {
                throw new IllegalStateException("a clean run gave violations: " + app.status().violationsByRule());
            }
            RunEnd end = config.statistics() ? windowsWritten(app, clock) : clock.now();
            Map<String, Double> written = new HashMap<>();
            topicBytes(client, applicationId, metrics).forEach((topic, bytes) ->
                    written.put(topic, (double) (bytes - before.getOrDefault(topic, 0L)) / events));
            double requests = 1e3 * (produceRequests() - requestsBefore) / events;
            return clock.done((double) events / episodes, end.cpu().reader() / 1e3 / events, end).withWritten(written, requests);
        }
    }

    /**
     * When the validator wrote its last window of the run, and its stream threads' CPU time then, waiting from the
     * last verdict until none has been written for {@link #WINDOWS_SETTLED}: the statistics' work goes on after the last
     * verdict (the merger writes each window once every task has handed on its share), and a run ends when its output
     * is out. Not counted: the last slices, which go out only once the input has been quiet for
     * {@code EpisodeCheckProcessor.IDLE_FLUSH}, whatever the validator's speed.
     */
    private static RunEnd windowsWritten(ValidatorApp app, Stopwatch clock) {
        RunEnd end = clock.now();
        long written = app.status().windows();
        while (System.nanoTime() - end.nanoTime() < WINDOWS_SETTLED.toNanos()) {
            sleep(20);
            long now = app.status().windows();
            if (now != written) {
                written = now;
                end = clock.now();
            }
        }
        return end;
    }

    /**
     * Produce requests the embedded broker has served so far, from its request metrics (it runs in this process). Each
     * costs the client's I/O thread and the broker's CPU whatever it carries: with Kafka's default 16 KiB batches the
     * statistics' records took one per hundred events, and serving them about as much CPU as the merging.
     */
    private static long produceRequests() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            long count = 0; // one meter per version of the request
            for (ObjectName name : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,*"), null)) {
                count += ((Number) server.getAttribute(name, "Count")).longValue();
            }
            return count;
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's produce request count", e);
        }
    }

    /**
     * Bytes on the broker's disk, by topic, of an application's own topics (its changelogs and the shares topic, named
     * after its id, which the name here leaves out) and of the namespace's metrics, which every round writes again.
     * The logs are neither compacted nor trimmed during a run (segments of 1 GiB), so the growth over a run is what the
     * reader wrote.
     */
    private static Map<String, Long> topicBytes(Map<String, Object> client, String applicationId, String metrics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", client.get("bootstrap.servers")))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            Map<String, Long> bytes = new HashMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
                    dir.replicaInfos().forEach((partition, replica) -> {
                        String topic = partition.topic();
                        if (topic.startsWith(applicationId + "-") || topic.equals(metrics)) {
                            bytes.merge(topic.equals(metrics) ? topic : topic.substring(applicationId.length() + 1),
                                    replica.size(), Long::sum);
                        }
                    })));
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the broker's logs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** CPU time so far of the stream threads of an application (named after its id), in nanoseconds. */
    private static long streamThreadCpuNanos(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().startsWith(applicationId) && thread.getThreadName().contains("StreamThread")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }

    /**
     * The floor under any Kafka Streams validator: an application with the validator's guarantees
     * (exactly-once v2, one stream thread, the four topics as one co-partitioned source) that only
     * decodes each value and counts it, with no state and no output. Timed like the others; its
     * ratio to the plain consumer is about the most a one-threaded validator built on Kafka Streams
     * could reach here.
     */
    private static Reading passThrough(Map<String, Object> client, String ns, long events, Path stateDir) {
        Properties props = new Properties();
        props.putAll(client);
        String applicationId = "bench-pass-through-" + stateDir.getFileName();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(client, false);
        AtomicLong decoded = new AtomicLong();
        AtomicLong fields = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(new EventTopics(ns).episodeTopics(), Consumed.with(Serdes.String(), Serdes.serdeFrom(READ_ONLY, values)))
                .foreach((key, value) -> {
                    fields.addAndGet(((GenericRecord) value).getSchema().getFields().size());
                    decoded.incrementAndGet();
                });
        Stopwatch clock = new Stopwatch(events, () -> streamThreadCpuNanos(applicationId));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long read;
            while ((read = decoded.get()) < events) {
                clock.progress(read);
                sleep(20);
            }
            if (fields.get() == 0) {
                throw new IllegalStateException("nothing decoded");
            }
            return clock.done(1, streamThreadCpuNanos(applicationId) / 1e3 / events);
        }
    }

    /** Publishes with faults at a fixed rate while the validator runs; prints the wall-time detection latency. */
    private static void latency(Scenario scenario, Map<String, Object> client, SchemaRegistryClient registry, double rate,
                                int seconds, Path stateDir) throws Exception {
        String ns = "bench-latency";
        EventTopics topics = new EventTopics(ns);
        Map<String, Long> faultyVisible = new ConcurrentHashMap<>();
        Map<String, Long> violationVisible = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        FaultSpec faults = FaultSpec.parse("duplicate=0.0005,out_of_range=0.0005");
        // Episodes enough for the time asked at the rate asked; the run stops at its duration.
        Thread publisher = new Thread(() -> {
            PublishOptions options = new PublishOptions(ns, "latency", 5, "heuristic", EPOCH, 1_000_000, 32, 1, 0,
                    Double.POSITIVE_INFINITY, rate, Duration.ofSeconds(seconds), 3, (short) 1, Duration.ofMillis(100),
                    Duration.ofSeconds(5), false, faults, 1_000_000, client);
            new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options, new SimpleMeterRegistry()).run();
        }, "bench-publisher");
        Map<String, Object> props = new HashMap<>(client);
        props.put("application.id", "bench-latency-validator");
        try (ValidatorApp app = new ValidatorApp(ValidatorConfig.of(ns), props, new SimpleMeterRegistry(), stateDir)) {
            publisher.start();
            while (!topicsExist(client, topics)) {
                sleep(100);
            }
            Thread faultReader = reader(client, registry, topics.faultLog(), stop, value -> {
                GenericRecord fault = (GenericRecord) value;
                return fault.get("episode_id") + "/" + fault.get("seq");
            }, faultyVisible);
            app.start();
            Thread violationReader = reader(client, registry, topics.violations(), stop, value -> {
                Violation v = (Violation) value;
                return v.getEpisodeId() + "/" + v.getSeq();
            }, violationVisible);
            publisher.join();
            sleep(5_000);
            stop.set(true);
            faultReader.join();
            violationReader.join();
        }
        // The validator starts while the publisher already runs, then catches up: faults of the first quarter
        // of the run measure that start, not detection at the rate asked, and are reported apart.
        long startMs = seconds * 1000L / 4;
        long steadyFrom = faultyVisible.values().stream().mapToLong(Long::longValue).min().orElse(0) + startMs;
        List<Long> all = new ArrayList<>();
        List<Long> steady = new ArrayList<>();
        faultyVisible.forEach((key, in) -> {
            Long out = violationVisible.get(key);
            if (out != null) {
                all.add(out - in);
                if (in >= steadyFrom) {
                    steady.add(out - in);
                }
            }
        });
        if (steady.isEmpty()) {
            System.out.println("latency: no fault detected after the start (run longer)");
            return;
        }
        System.out.printf(Locale.ROOT, "detection latency at %,.0f events/s (%d faults, %d matched):%n", rate, faultyVisible.size(), all.size());
        System.out.printf(Locale.ROOT, "  steady state, after the first %d s: %s; target p99 < 1000 ms%n", startMs / 1000,
                percentiles(steady));
        System.out.printf(Locale.ROOT, "  whole run, the validator's start included: %s%n", percentiles(all));
    }

    private static String percentiles(List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "%d faults, p50 %d ms, p99 %d ms, max %d ms", sorted.length, sorted[sorted.length / 2],
                sorted[(int) Math.floor(sorted.length * 0.99)], sorted[sorted.length - 1]);
    }

    /**
     * Reads a topic (read_committed) from the start, noting the wall time at which each key first became visible. The
     * fault log is committed in the same transaction as the faulty event, so its visibility is the event's.
     */
    private static Thread reader(Map<String, Object> client, SchemaRegistryClient registry, String topic, AtomicBoolean stop,
                                 java.util.function.Function<Object, String> key, Map<String, Long> visible) {
        Thread t = new Thread(() -> {
            AvroDeserializer<Object> values = new AvroDeserializer<>(registry, true);
            try (KafkaConsumer<String, byte[]> consumer = consumer(client)) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        visible.putIfAbsent(key.apply(values.deserialize(record.topic(), record.value())), now);
                    }
                }
            }
        }, "bench-reader-" + topic);
        t.start();
        return t;
    }

    private static boolean topicsExist(Map<String, Object> client, EventTopics topics) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(client)) {
            return consumer.listTopics().keySet().containsAll(topics.episodeTopics())
                    && consumer.listTopics().containsKey(topics.faultLog());
        }
    }

    private static long endOffsets(Map<String, Object> client, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(client)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            long count = 0;
            // Transaction markers take offsets too: count records by reading.
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            return count;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get("bootstrap.servers"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
