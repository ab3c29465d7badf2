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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Does the sink keep up with the simulator at {@code --speed max}, and what does a step cost on disk?
 *
 * <p>One JVM, the embedded stack: a publisher runs continuously at max speed for the duration while a
 * sink ({@code verdicts=ignore}, no validator) stores what it publishes. Every 10 s the sink group's
 * lag (end offsets minus committed offsets over the four topics) is sampled; it includes the episodes
 * in flight, whose first event holds the committed offset back, so a sink that keeps up shows a lag
 * that stays level rather than one that is zero. Then a run of {@value #SIZE_EPISODES} episodes is stored
 * as Parquet and as JSON Lines, and bytes per step of both are compared.
 *
 * <p>{@code bench/run SinkBench [scenario] [seconds] [in-flight]}, default support 300 16.
 */
public final class SinkBench {

    /** Episodes of the run whose Parquet and JSON Lines sizes are compared. */
    private static final long SIZE_EPISODES = 2_000;

    private SinkBench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "support";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Scenario scenario = Scenarios.named(name);
        Path root = Files.createTempDirectory("mdpstream-sinkbench");
        String ns = "sinkbench-" + name;
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers(),
                    "schema.registry.url", stack.schemaRegistryUrl());
            PublishOptions options = new PublishOptions(ns, "bench", 7, "heuristic", Instant.parse("2026-03-02T06:00:00Z"),
                    Long.MAX_VALUE, inFlight, 1, 0, Double.POSITIVE_INFINITY, 0, Duration.ofSeconds(seconds), 3, (short) 1,
                    Duration.ofMillis(100), Duration.ofSeconds(5), false, FaultSpec.NONE, 1_000_000, client);
            EpisodePublisher publisher = new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options,
                    new SimpleMeterRegistry());
            CompletableFuture<EpisodePublisher.Summary> published = CompletableFuture.supplyAsync(publisher::run);
            Path parquet = root.resolve("parquet");
            EpisodeSink sink = new EpisodeSink(config(ns, parquet, "parquet", "sinkbench-parquet", 0), client);
            CompletableFuture<EpisodeSink.Summary> stored = CompletableFuture.supplyAsync(sink::run);

            List<Long> lags = new ArrayList<>();
            long begin = System.nanoTime();
            try (Admin admin = Admin.create(new HashMap<>(client))) {
                while (!published.isDone()) {
                    Thread.sleep(10_000);
                    long lag = lag(admin, new EventTopics(ns), "sinkbench-parquet");
                    lags.add(lag);
                    System.out.printf("t=%3d s  lag %,d records  stored %s%n", (System.nanoTime() - begin) / 1_000_000_000L, lag,
                            sink.status().get("steps"));
                }
            }
            EpisodePublisher.Summary publishSummary = published.get();
            long drainBegin = System.nanoTime();
            Thread.sleep(2_000);
            sink.stop();
            EpisodeSink.Summary parquetSummary = stored.get();
            System.out.printf("published %,d events, %,d episodes in %d s (%,.0f events/s)%n", publishSummary.events(),
                    publishSummary.episodesFinished(), publishSummary.elapsed().toSeconds(),
                    publishSummary.events() / (publishSummary.elapsed().toNanos() / 1e9));
            System.out.printf("sink stored %,d episodes, %,d steps in %d batches; drained %.1f s after the publisher stopped;"
                            + " peak buffer %,d bytes, %d spills%n", parquetSummary.episodes(), parquetSummary.steps(),
                    parquetSummary.batches(), (System.nanoTime() - drainBegin) / 1e9, parquetSummary.peakBufferedBytes(),
                    parquetSummary.spills());
            int half = lags.size() / 2;
            System.out.printf("lag samples (records): %s%n  mean of first half %,.0f, of second half %,.0f%n", lags,
                    lags.subList(0, half).stream().mapToLong(Long::longValue).average().orElse(0),
                    lags.subList(half, lags.size()).stream().mapToLong(Long::longValue).average().orElse(0));

            // Sizes on a run of its own, small enough to store twice quickly.
            String sizes = ns + "-sizes";
            new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), new PublishOptions(sizes, "bench", 7, "heuristic",
                    Instant.parse("2026-03-02T06:00:00Z"), SIZE_EPISODES, inFlight, 1, 0, Double.POSITIVE_INFINITY, 0, null, 3,
                    (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false, FaultSpec.NONE, 1_000_000, client),
                    new SimpleMeterRegistry()).run();
            for (String format : new String[] {"parquet", "jsonl"}) {
                Path dir = root.resolve("sizes-" + format);
                EpisodeSink.Summary summary = new EpisodeSink(config(sizes, dir, format, "sinkbench-" + format, 3_000), client).run();
                report(format, new DatasetLayout(dir), summary.steps());
            }
        }
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

    private static void report(String format, DatasetLayout layout, long steps) {
        long stepBytes = size(layout.steps());
        long episodeBytes = size(layout.episodes());
        System.out.printf("%-8s steps %,d bytes (%.1f bytes/step), episodes table %,d bytes, for %,d steps%n", format, stepBytes,
                stepBytes / (double) steps, episodeBytes, steps);
    }

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
}
