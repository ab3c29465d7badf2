package io.mdpstream.sink;

import static io.mdpstream.sink.DuckDb.count;
import static io.mdpstream.sink.DuckDb.parquet;
import static io.mdpstream.sink.DuckDb.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink in its own JVM, SIGKILLed (no shutdown hook, no close, files half written) at several
 * moments of its progress and restarted; at the end every episode is stored exactly once, in the
 * training set or the quarantine, with all its steps.
 */
@WithKafkaStack
class SinkKillIT {

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    /** The children's output, kept after the test for a look at what they did. */
    private Path logs;

    @AfterEach
    void killLeftovers() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aSinkKilledAtAnyMomentAndRestartedShouldStoreEveryEpisodeExactlyOnce(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("kill");
        Map<String, PublishedEpisodes.Expected> published = PublishedEpisodes.publish(stack, "support", ns, 40, 8, 300);
        List<String> ids = List.copyOf(published.keySet());
        Set<String> invalid = Set.of(ids.get(5), ids.get(17), ids.get(30));
        PublishedEpisodes.verdicts(stack, ns, published, invalid);
        Path out = dir.resolve("data");
        logs = Files.createDirectories(Path.of("target", "sink-kill-logs", ns));
        DatasetLayout layout = new DatasetLayout(out);
        long totalSteps = published.values().stream().mapToLong(PublishedEpisodes.Expected::steps).sum();
        Random random = new Random(20260302);

        // Small batches (at most 100 steps) make ~40 commits, so kills land while files are written, renamed and
        // committed: the first during start-up or the first batches, the others a few batches into each restart.
        List<Integer> killedAfterMarkers = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            Process sink = start(stack, ns, out, 0, "run" + run);
            if (run == 0) {
                Thread.sleep(1_500 + random.nextInt(1_500));
            } else {
                long target = markers(layout) + 2 + random.nextInt(4);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (markers(layout) < target && sink.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                Thread.sleep(random.nextInt(40));
            }
            sink.destroyForcibly(); // SIGKILL on Linux
            assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killedAfterMarkers.add(markers(layout));
        }
        Process last = start(stack, ns, out, 3_000, "final");
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).as("the last run stops once idle").isTrue();
        assertThat(last.exitValue()).as("exit code; see " + logs.resolve("final.log")).isZero();
        assertThat(earliestOffsets(stack, new EventTopics(ns).verdicts()))
                .as("no verdict deleted by the broker while the sinks ran (else their episodes wait for them in vain)")
                .containsOnly(0L);

        assertThat(killedAfterMarkers).as("kills happened at different points of the progress").doesNotHaveDuplicates()
                .last().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
                .isLessThan((int) (totalSteps / 100)); // the last restart still had work to do
        long trainingSteps = published.values().stream().filter(e -> !invalid.contains(e.episodeId()))
                .mapToLong(PublishedEpisodes.Expected::steps).sum();
        assertThat(count("SELECT count(*) FROM " + parquet(layout.steps()))).isEqualTo(trainingSteps);
        assertThat(count("SELECT count(*) FROM (SELECT DISTINCT episode_id, step FROM " + parquet(layout.steps()) + ")"))
                .as("no step twice").isEqualTo(trainingSteps);
        List<Object> training = query("SELECT episode_id FROM " + parquet(layout.episodes())).stream()
                .map(r -> r.get("episode_id")).toList();
        List<Object> quarantined = query("SELECT episode_id FROM " + parquet(layout.quarantineEpisodes())).stream()
                .map(r -> r.get("episode_id")).toList();
        List<Object> all = new ArrayList<>(training);
        all.addAll(quarantined);
        assertThat(all).as("every episode exactly once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(quarantined).containsExactlyInAnyOrderElementsOf(invalid);
        for (Map<String, Object> row : query("SELECT episode_id, count(*) AS n FROM " + parquet(layout.steps())
                + " GROUP BY episode_id")) {
            assertThat((Long) row.get("n")).isEqualTo(published.get((String) row.get("episode_id")).steps());
        }
        for (Map<String, Object> row : query("SELECT episode_id, count(*) AS n, count(DISTINCT seq) AS seqs FROM ("
                + "SELECT * FROM " + parquet(layout.events()) + " UNION ALL SELECT * FROM " + parquet(layout.quarantineEvents())
                + ") GROUP BY episode_id")) {
            long events = published.get((String) row.get("episode_id")).events();
            assertThat((Long) row.get("n")).as("every event of %s once", row.get("episode_id")).isEqualTo(events);
            assertThat((Long) row.get("seqs")).isEqualTo(events);
        }
        try (Stream<Path> leftovers = Stream.of(layout.steps(), layout.episodes(), layout.events(), layout.schemas(),
                layout.commits()).flatMap(SinkKillIT::list)) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("."))).as("no temporary file left").isEmpty();
        }
    }

    private Process start(KafkaStack stack, String ns, Path out, long stopWhenIdleMs, String log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SinkProcess.class.getName(),
                "namespace=" + ns, "output.dir=" + out, "flush.interval.ms=20", "flush.max.steps=100",
                "buffer.max.bytes=" + SinkConfig.MIN_BUFFER_BYTES, "stop.when.idle.ms=" + stopWhenIdleMs));
        stack.clientProperties().forEach((k, v) -> command.add(k + "=" + v));
        // Static membership: a restarted sink takes over its killed predecessor's partitions at once,
        // instead of after the session timeout.
        command.add("group.instance.id=sink-under-test");
        command.add("session.timeout.ms=6000");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(log + ".log").toFile())).start();
        children.add(process);
        return process;
    }

    private static List<Long> earliestOffsets(KafkaStack stack, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (int p = 0; p < PublishedEpisodes.PARTITIONS; p++) {
            earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        try (Admin admin = Admin.create(new HashMap<>(stack.clientProperties()))) {
            return admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .map(ListOffsetsResult.ListOffsetsResultInfo::offset).toList();
        }
    }

    private static int markers(DatasetLayout layout) {
        try (Stream<Path> files = list(layout.commits())) {
            return (int) files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith(".") && !n.contains(".profile-")).count();
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                return Stream.empty();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.collect(Collectors.toList()).stream();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
