package io.mdpstream.bench;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.DatasetLayout;
import io.mdpstream.sink.EpisodeSink;
import io.mdpstream.sink.SinkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Does the sink keep up with the simulator at {@code --speed max}, what does an event cost the sink
 * in CPU next to what it costs the publisher, and what does a step cost on disk?
 *
 * <ol>
 *   <li><b>lag</b> (skipped when seconds is 0): one JVM, the embedded stack, a publisher running
 *       continuously at max speed while a sink ({@code verdicts=ignore}, no validator) stores what it
 *       publishes. Every 10 s the sink group's lag (end offsets minus committed offsets over the four
 *       topics) is sampled. It includes the episodes in flight, whose first event holds the committed
 *       offset back, so a sink that keeps up shows a lag that stays level rather than one that is zero.
 *       The verdict is the least-squares slope of the samples: the lag grows when the slope is more
 *       than {@value #GROWTH_TOLERANCE_PERCENT} % of the publish rate.</li>
 *   <li><b>cost</b>: a run of N episodes is published alone, then stored alone as Parquet and as JSON
 *       Lines, each sink from nothing to idle. CPU time per event of the publisher's thread and of the
 *       sink's threads (polling, encoders), and of the whole process, broker included, so the two
 *       sides compare on a machine whose cores are shared; and bytes per step of both formats. On
 *       shared cores at max speed the sink can only keep up when none of its threads needs more CPU
 *       per event than the publisher's thread gets.</li>
 * </ol>
 *
 * <p>{@code bench/run SinkBench [scenario] [seconds] [in-flight] [episodes] [rounds]}, default support 300 16 2000 1; rounds
 * is how often each format is stored in the cost phase (the CPU times of a shared machine are noisy).
 */
public final class SinkBench {

    /** Lag growth, as a share of the publish rate, taken for noise rather than for a sink falling behind. */
    private static final double GROWTH_TOLERANCE_PERCENT = 1;
    private static final long SAMPLE_MILLIS = 10_000;
    private static final int WARM_UP_SECONDS = 60;
    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SinkBench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "support";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        long episodes = args.length > 3 ? Long.parseLong(args[3]) : 2_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Scenario scenario = Scenarios.named(name);
        try (TempTree temp = TempTree.create("mdpstream-sinkbench"); EmbeddedStack stack = EmbeddedStack.start()) {
            Path root = temp.root();
            Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers(),
                    "schema.registry.url", stack.schemaRegistryUrl());
            if (seconds > 0) {
                lag(scenario, client, root.resolve("lag"), seconds, inFlight);
            }
            cost(scenario, client, root, episodes, inFlight, rounds);
        }
    }

    private static void lag(Scenario scenario, Map<String, Object> client, Path dir, int seconds, int inFlight) throws Exception {
        String ns = "sinkbench-" + scenario.name();
        String group = "sinkbench-lag";
        Map<String, Long> encoding = EncoderCpu.byName();
        EpisodePublisher publisher = new EpisodePublisher(scenario, Scenarios.parameters(scenario, null),
                options(ns, Long.MAX_VALUE, inFlight, Duration.ofSeconds(seconds), client), new SimpleMeterRegistry());
        Timed<EpisodePublisher.Summary> published = Timed.start("sinkbench-publisher", publisher::run);
        EpisodeSink sink = new EpisodeSink(config(ns, dir, "parquet", group, 0), client);
        Timed<EpisodeSink.Summary> stored = Timed.start("sinkbench-sink", sink::run);

        List<double[]> samples = new ArrayList<>();
        long begin = System.nanoTime();
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            while (!published.result.isDone()) {
                Thread.sleep(SAMPLE_MILLIS);
                double at = (System.nanoTime() - begin) / 1e9;
                long lag = lag(admin, new EventTopics(ns), group);
                samples.add(new double[] {at, lag});
                System.out.printf(Locale.ROOT, "t=%3.0f s  lag %,11d records  stored %,d steps%n", at, lag, sink.status().get("steps"));
            }
        }
        EpisodePublisher.Summary publishSummary = published.result.get();
        long publisherCpu = published.cpuNanos.get();
        long sinkCpuAtEnd = stored.cpuNow();
        long encodingAtEnd = EncoderCpu.totalSince(encoding);
        String encodersAtEnd = EncoderCpu.perEventSince(encoding, publishSummary.events());
        long storedSteps = (long) sink.status().get("steps");
        long drainBegin = System.nanoTime();
        Thread.sleep(2_000);
        sink.stop();
        EpisodeSink.Summary summary = stored.result.get();
        double publishSeconds = publishSummary.elapsed().toNanos() / 1e9;
        double rate = publishSummary.events() / publishSeconds;
        System.out.printf(Locale.ROOT, "published %,d events, %,d episodes in %.0f s (%,.0f events/s), publisher thread CPU %.0f s%n",
                publishSummary.events(), publishSummary.episodesFinished(), publishSeconds, rate, publisherCpu / 1e9);
        System.out.printf(Locale.ROOT, "sink stored %,d steps while the publisher ran (%,.0f steps/s), CPU of its polling thread %.0f s"
                        + " and of its encoders %.0f s; %,d episodes, %,d steps in %d batches at the end (drained %.1f s after the"
                        + " publisher stopped); peak buffer %,d bytes, %d spills%n", storedSteps, storedSteps / publishSeconds,
                sinkCpuAtEnd / 1e9, encodingAtEnd / 1e9,
                summary.episodes(), summary.steps(), summary.batches(), (System.nanoTime() - drainBegin) / 1e9,
                summary.peakBufferedBytes(), summary.spills());
        System.out.printf(Locale.ROOT, "CPU per event published (µs): publisher thread %.2f, sink polling thread %.2f; encoders: %s%n",
                publisherCpu / 1e3 / publishSummary.events(), sinkCpuAtEnd / 1e3 / publishSummary.events(),
                encodersAtEnd);
        verdict(samples, rate);
    }

    /**
     * Prints the lag samples, their slope and whether the lag grows. The verdict leaves out the first
     * {@value #WARM_UP_SECONDS} s: the JIT compiles both sides meanwhile, and the lag climbs to its level
     * (the episodes in flight and a flush interval's worth) however fast the sink.
     */
    private static void verdict(List<double[]> samples, double publishRate) {
        StringBuilder list = new StringBuilder();
        samples.forEach(s -> list.append(String.format(Locale.ROOT, " %.0fs:%,d", s[0], (long) s[1])));
        System.out.println("lag samples (records):" + list);
        List<double[]> warm = samples.stream().filter(s -> s[0] > WARM_UP_SECONDS).toList();
        if (warm.size() < 3) {
            System.out.println("lag verdict: too few samples after the warm-up (run at least " + (WARM_UP_SECONDS + 30) + " s)");
            return;
        }
        double all = slope(samples);
        double slope = slope(warm);
        double percent = 100 * slope / publishRate;
        boolean grows = percent > GROWTH_TOLERANCE_PERCENT;
        System.out.printf(Locale.ROOT, "lag slope after %d s: %+,.0f records/s (%+.1f %% of the publish rate), from %,d to %,d records;"
                        + " over the whole run %+,.0f records/s (%+.1f %%)%n", WARM_UP_SECONDS, slope, percent, (long) warm.get(0)[1],
                (long) warm.get(warm.size() - 1)[1], all, 100 * all / publishRate);
        System.out.println(grows ? "lag verdict: GROWS - the sink does not keep up"
                : "lag verdict: LEVEL - the sink keeps up (slope within " + GROWTH_TOLERANCE_PERCENT + " % of the publish rate)");
    }

    /** Least-squares slope of lag over time, records per second. */
    static double slope(List<double[]> samples) {
        double meanT = samples.stream().mapToDouble(s -> s[0]).average().orElseThrow();
        double meanLag = samples.stream().mapToDouble(s -> s[1]).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (double[] s : samples) {
            covariance += (s[0] - meanT) * (s[1] - meanLag);
            variance += (s[0] - meanT) * (s[0] - meanT);
        }
        return covariance / variance;
    }

    /** Publishes a run alone, then stores it alone in each format: CPU per event of each side, and bytes per step. */
    private static void cost(Scenario scenario, Map<String, Object> client, Path root, long episodes, int inFlight, int rounds)
            throws Exception {
        String ns = "sinkbench-" + scenario.name() + "-cost";
        long process = processCpu();
        Timed<EpisodePublisher.Summary> published = Timed.start("sinkbench-publisher", () -> new EpisodePublisher(scenario,
                Scenarios.parameters(scenario, null), options(ns, episodes, inFlight, null, client), new SimpleMeterRegistry()).run());
        EpisodePublisher.Summary summary = published.result.get();
        long events = summary.events();
        double seconds = summary.elapsed().toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "cost: published %,d episodes, %,d events alone: %,.0f events/s; publisher thread %.2f µs CPU"
                        + " per event, process %.2f µs%n", summary.episodesFinished(), events, events / seconds,
                published.cpuNanos.get() / 1e3 / events, (processCpu() - process) / 1e3 / events);
        for (int round = 0; round < rounds * 2; round++) {
            String format = round < rounds ? "parquet" : "jsonl";
            Path dir = root.resolve("cost-" + format + "-" + round);
            process = processCpu();
            Map<String, Long> encoding = EncoderCpu.byName();
            long begin = System.nanoTime();
            // Idle for 3 s after the last record: that wait is taken off the wall time below.
            SinkConfig config = config(ns, dir, format, "sinkbench-" + format + "-" + round, 3_000);
            Timed<EpisodeSink.Summary> stored = Timed.start("sinkbench-sink-" + format + "-" + round, () -> new EpisodeSink(config, client).run());
            EpisodeSink.Summary sink = stored.result.get();
            double wall = (System.nanoTime() - begin) / 1e9 - 3;
            System.out.printf(Locale.ROOT, "cost: %-7s sink stored %,d steps of %,d episodes in %d batches: %,.0f events/s; CPU per event"
                            + " %.2f µs on its polling thread + %.2f µs on its encoders, process %.2f µs; peak buffer %,d bytes,"
                            + " %d spills%n", format, sink.steps(), sink.episodes(), sink.batches(), events / wall,
                    stored.cpuNanos.get() / 1e3 / events, EncoderCpu.totalSince(encoding) / 1e3 / events,
                    (processCpu() - process) / 1e3 / events, sink.peakBufferedBytes(), sink.spills());
            System.out.printf(Locale.ROOT, "         encoders, µs per event: %s%n", EncoderCpu.perEventSince(encoding, events));
            report(format, new DatasetLayout(dir), sink.steps());
            TempTree.delete(dir); // each round's dataset, before the next round's
        }
    }

    private static PublishOptions options(String ns, long episodes, int inFlight, Duration duration, Map<String, Object> client) {
        return new PublishOptions(ns, "bench", 7, "heuristic", EPOCH, episodes, inFlight, 1, 0, Double.POSITIVE_INFINITY, 0, duration,
                3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false, FaultSpec.NONE, 1_000_000, client);
    }

    private static SinkConfig config(String ns, Path dir, String format, String group, long untilIdleMs) {
        return SinkConfig.from(Map.of(SinkConfig.NAMESPACE_CONFIG, ns, SinkConfig.OUTPUT_DIR_CONFIG, dir.toString(),
                SinkConfig.FORMAT_CONFIG, format, SinkConfig.VERDICTS_CONFIG, "ignore", SinkConfig.GROUP_ID_CONFIG, group,
                SinkConfig.FLUSH_INTERVAL_CONFIG, 1_000, SinkConfig.STOP_WHEN_IDLE_CONFIG, untilIdleMs));
    }

    private static long lag(Admin admin, EventTopics topics, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics.episodeTopics()) {
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        long lag = 0;
        for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(entry.getKey());
            lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String format, DatasetLayout layout, long steps) {
        long stepBytes = size(layout.steps());
        long eventBytes = size(layout.events());
        long episodeBytes = size(layout.episodes());
        System.out.printf(Locale.ROOT, "%-8s steps %,d bytes (%.1f bytes/step), events table %,d bytes, episodes table %,d bytes,"
                + " for %,d steps%n", format, stepBytes, stepBytes / (double) steps, eventBytes, episodeBytes, steps);
    }

    /** Datasets of the cost phase go once measured: a long run's JSON Lines take gigabytes. */
    private static long size(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time of the sink's encoder threads ({@code mdpstream-sink-*}), which live for one batch each:
     * sampled every 50 ms, so a thread's last 50 ms at most are missed.
     */
    private static final class EncoderCpu {
        private static final Map<Long, Long> LAST_SEEN = new java.util.concurrent.ConcurrentHashMap<>();
        private static final Map<Long, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

        static {
            Thread sampler = new Thread(() -> {
                while (true) {
                    for (Thread thread : Thread.getAllStackTraces().keySet()) {
                        if (thread.getName().startsWith("mdpstream-sink-")) {
                            long cpu = THREADS.getThreadCpuTime(thread.getId());
                            if (cpu > 0) {
                                LAST_SEEN.put(thread.getId(), cpu);
                                NAMES.putIfAbsent(thread.getId(), thread.getName().substring("mdpstream-sink-".length()));
                            }
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sinkbench-cpu-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** Nanoseconds of CPU used since the start by the encoder threads of each name (one per batch): a snapshot. */
        static Map<String, Long> byName() {
            Map<String, Long> byName = new java.util.TreeMap<>();
            LAST_SEEN.forEach((id, cpu) -> byName.merge(NAMES.get(id), cpu, Long::sum));
            return byName;
        }

        /** Nanoseconds of CPU all encoder threads used since {@code before}, a {@link #byName} snapshot. */
        static long totalSince(Map<String, Long> before) {
            return LAST_SEEN.values().stream().mapToLong(Long::longValue).sum() - before.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Each encoder's CPU since {@code before} (a {@link #byName} snapshot) per event, in microseconds. */
        static String perEventSince(Map<String, Long> before, long events) {
            StringBuilder line = new StringBuilder();
            byName().forEach((name, cpu) -> line.append(line.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "%s %.2f", name, (cpu - before.getOrDefault(name, 0L)) / 1e3 / events)));
            return line.toString();
        }
    }

    /** A task on a thread of its own, with that thread's CPU time: the publisher and the sink each run on one. */
    private static final class Timed<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicLong cpuNanos = new AtomicLong();
        private volatile long threadId;
        private volatile long cpuBegin;

        static <T> Timed<T> start(String name, Supplier<T> task) {
            Timed<T> timed = new Timed<>();
            Thread thread = new Thread(() -> {
                timed.cpuBegin = THREADS.getCurrentThreadCpuTime();
                T value;
                try {
                    value = task.get();
                } catch (RuntimeException | Error e) {
                    timed.cpuNanos.set(THREADS.getCurrentThreadCpuTime() - timed.cpuBegin);
                    timed.result.completeExceptionally(e);
                    return;
                }
                timed.cpuNanos.set(THREADS.getCurrentThreadCpuTime() - timed.cpuBegin); // before the result is seen
                timed.result.complete(value);
            }, name);
            timed.threadId = thread.getId();
            thread.start();
            return timed;
        }

        /** CPU time the thread used so far. */
        long cpuNow() {
            long now = THREADS.getThreadCpuTime(threadId);
            return now < 0 ? cpuNanos.get() : now - cpuBegin;
        }
    }
}
