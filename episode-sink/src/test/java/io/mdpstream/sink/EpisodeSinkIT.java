package io.mdpstream.sink;

import static io.mdpstream.sink.DuckDb.count;
import static io.mdpstream.sink.DuckDb.parquet;
import static io.mdpstream.sink.DuckDb.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.mdpstream.validate.stats.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafkaStack
class EpisodeSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static SinkConfig config(String namespace, Path out, Map<String, Object> overrides) {
        Map<String, Object> options = new HashMap<>();
        options.put(SinkConfig.NAMESPACE_CONFIG, namespace);
        options.put(SinkConfig.OUTPUT_DIR_CONFIG, out.toString());
        options.put(SinkConfig.FLUSH_INTERVAL_CONFIG, 200);
        options.put(SinkConfig.STOP_WHEN_IDLE_CONFIG, 2_000);
        options.putAll(overrides);
        return SinkConfig.from(options);
    }

    @Test
    void validEpisodesShouldLandInTheTrainingSetAndInvalidOnesInQuarantineReadableByDuckDb(KafkaStack stack) throws IOException {
        String ns = stack.uniqueName("support");
        Map<String, PublishedEpisodes.Expected> published = PublishedEpisodes.publish(stack, "support", ns, 12, 4, 150);
        List<String> ids = List.copyOf(published.keySet());
        Set<String> invalid = Set.of(ids.get(3), ids.get(7));
        PublishedEpisodes.verdicts(stack, ns, published, invalid);

        EpisodeSink.Summary summary = new EpisodeSink(config(ns, dir, Map.of()), stack.clientProperties()).run();

        DatasetLayout layout = new DatasetLayout(dir);
        assertThat(summary.episodes()).isEqualTo(10);
        assertThat(summary.quarantined()).isEqualTo(2);
        long trainingSteps = published.values().stream().filter(e -> !invalid.contains(e.episodeId()))
                .mapToLong(PublishedEpisodes.Expected::steps).sum();
        assertThat(count("SELECT count(*) FROM " + parquet(layout.steps()))).isEqualTo(trainingSteps);
        List<Map<String, Object>> returns = query("SELECT episode_id, sum(reward) AS ret, count(*) AS n, max(step) AS last,"
                + " sum(CASE WHEN truncated OR terminated THEN 1 ELSE 0 END) AS ends FROM " + parquet(layout.steps())
                + " GROUP BY episode_id ORDER BY episode_id");
        assertThat(returns).hasSize((int) published.values().stream()
                .filter(e -> !invalid.contains(e.episodeId()) && e.steps() > 0).count()); // an episode may end before its first decision
        for (Map<String, Object> row : returns) {
            PublishedEpisodes.Expected expected = published.get((String) row.get("episode_id"));
            assertThat((Double) row.get("ret")).as("return of %s", expected.episodeId())
                    .isCloseTo(expected.episodeReturn(), within(1e-6));
            assertThat((Long) row.get("n")).isEqualTo(expected.steps());
            assertThat(((Number) row.get("last")).longValue()).isEqualTo(expected.steps() - 1);
            assertThat(((Number) row.get("ends")).longValue()).as("only the last step ends the episode").isEqualTo(1);
        }
        // A batch's steps are split by episode into files encoded side by side; an episode stays in one of them.
        String withFiles = "read_parquet('" + layout.steps().toAbsolutePath() + "/*.parquet', filename = true)";
        assertThat(count("SELECT count(DISTINCT filename) FROM " + withFiles)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM (SELECT episode_id FROM " + withFiles
                + " GROUP BY episode_id HAVING count(DISTINCT filename) > 1)")).isZero();
        // Observation fields are columns of their own; the action is a plain int for a Discrete space.
        Map<String, Object> first = query("SELECT observation.hour_of_day AS hour, action, action_probability, timestamp"
                + " FROM " + parquet(layout.steps()) + " WHERE step = 0 LIMIT 1").get(0);
        assertThat(first.get("hour")).isInstanceOf(Integer.class);
        assertThat(first.get("action")).isInstanceOf(Integer.class);

        List<Map<String, Object>> lineage = query("SELECT episode_id, verdict, seed, run_id, steps, episode_return, outcome,"
                + " schema_ids FROM " + parquet(layout.episodes()) + " ORDER BY episode_id");
        assertThat(lineage).hasSize(10).allSatisfy(row -> assertThat(row.get("verdict")).isEqualTo("valid"));
        assertThat(lineage).extracting(row -> row.get("run_id")).containsOnly("run1");
        List<Map<String, Object>> quarantine = query("SELECT episode_id, verdict, quarantine_reason FROM "
                + parquet(layout.quarantineEpisodes()) + " ORDER BY episode_id");
        assertThat(quarantine).extracting(row -> row.get("episode_id")).containsExactlyInAnyOrderElementsOf(invalid);
        assertThat(quarantine).allSatisfy(row -> {
            assertThat(row.get("verdict")).isEqualTo("invalid");
            assertThat((String) row.get("quarantine_reason")).contains("constraint.action-mask");
        });
        assertThat(count("SELECT count(DISTINCT episode_id) FROM " + parquet(layout.quarantineSteps()))).isEqualTo(2);

        // Every event as published: per episode, seq 0..n-1 once each; schema ids with their schema files.
        List<Map<String, Object>> events = query("SELECT episode_id, count(*) AS n, count(DISTINCT seq) AS seqs, min(seq) AS lo,"
                + " max(seq) AS hi FROM " + parquet(layout.events()) + " GROUP BY episode_id");
        assertThat(events).hasSize(10).allSatisfy(row -> {
            long expected = published.get((String) row.get("episode_id")).events();
            assertThat((Long) row.get("n")).isEqualTo(expected);
            assertThat((Long) row.get("seqs")).isEqualTo(expected);
            assertThat(((Number) row.get("lo")).longValue()).isZero();
            assertThat(((Number) row.get("hi")).longValue()).isEqualTo(expected - 1);
        });
        assertThat(query("SELECT DISTINCT kind FROM " + parquet(layout.events()))).extracting(row -> row.get("kind"))
                .containsExactlyInAnyOrder("episodes", "states", "actions", "rewards");
        assertThat(count("SELECT count(DISTINCT episode_id) FROM " + parquet(layout.quarantineEvents()))).isEqualTo(2);
        for (Map<String, Object> row : query("SELECT DISTINCT schema_id FROM " + parquet(layout.events()))) {
            assertThat(layout.schema((Integer) row.get("schema_id"))).isRegularFile();
        }

        JsonNode metadata = JSON.readTree(layout.metadata().toFile());
        assertThat(metadata.at("/counts/episodes").asLong()).isEqualTo(10);
        assertThat(metadata.at("/counts/steps").asLong()).isEqualTo(trainingSteps);
        assertThat(metadata.at("/counts/quarantined_episodes").asLong()).isEqualTo(2);
        assertThat(metadata.at("/scenarios/support/observation_space/fields/queue_length/space").asText()).startsWith("Box(");
        assertThat(metadata.at("/scenarios/support/statistics/observation").size()).isGreaterThan(5);
        ReferenceProfile profile = ReferenceProfile.read(layout.profile("support"), "support");
        // Every reward event and every step of the training set counted once, none of the quarantine.
        assertThat(profile.reward().count()).isEqualTo(count("SELECT count(*) FROM " + parquet(layout.events()) + " WHERE kind = 'rewards'"));
        assertThat(profile.feature("hour_of_day")).hasValueSatisfying(f -> assertThat(f.count()).isEqualTo(trainingSteps));

        StoredDataset stored = StoredDataset.open(dir);
        assertThat(stored.namespace()).isEqualTo(ns);
        assertThat(stored.episodes(false)).extracting(e -> e.get("episode_id").toString())
                .containsExactlyElementsOf(lineage.stream().map(row -> (String) row.get("episode_id")).toList());
        assertThat(stored.episodes(true)).hasSize(12);
    }

    @Test
    void withoutAValidatorEpisodesShouldBeStoredAsUnvalidatedJsonLines(KafkaStack stack) throws IOException {
        String ns = stack.uniqueName("jsonl");
        Map<String, PublishedEpisodes.Expected> published = PublishedEpisodes.publish(stack, "incidents", ns, 6, 3, 100);

        EpisodeSink.Summary summary = new EpisodeSink(config(ns, dir, Map.of(SinkConfig.FORMAT_CONFIG, "jsonl",
                SinkConfig.VERDICTS_CONFIG, "ignore")), stack.clientProperties()).run();

        DatasetLayout layout = new DatasetLayout(dir);
        assertThat(summary.episodes()).isEqualTo(6);
        List<JsonNode> steps = lines(layout.steps());
        assertThat(steps).hasSize((int) published.values().stream().mapToLong(PublishedEpisodes.Expected::steps).sum());
        Map<String, Double> returns = steps.stream().collect(Collectors.groupingBy(s -> s.get("episode_id").asText(),
                Collectors.summingDouble(s -> s.get("reward").asDouble())));
        returns.forEach((id, value) -> assertThat(value).isCloseTo(published.get(id).episodeReturn(), within(1e-6)));
        assertThat(steps.get(0).get("observation").isObject()).isTrue();
        assertThat(steps.get(0).get("timestamp").asText()).startsWith("2026-03-02T");
        assertThat(lines(layout.episodes())).hasSize(6)
                .allSatisfy(e -> assertThat(e.get("verdict").asText()).isEqualTo("unvalidated"));
        StoredDataset stored = StoredDataset.open(dir);
        Map<String, List<Long>> seqs = new HashMap<>();
        stored.forEachEvent(false, e -> {
            seqs.computeIfAbsent(e.get("episode_id").toString(), id -> new java.util.ArrayList<>()).add((Long) e.get("seq"));
            assertThat(stored.writerSchema((Integer) e.get("schema_id")).getName())
                    .as("writer schema of a %s event", e.get("kind")).isNotBlank();
            assertThat(((java.nio.ByteBuffer) e.get("body")).remaining()).isPositive();
        });
        assertThat(seqs).hasSize(6).allSatisfy((id, list) -> assertThat(list)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, published.get(id).events()).boxed().toList()));
        assertThat(StoredDataset.open(dir).episodes(false)).hasSize(6).allSatisfy(e -> {
            PublishedEpisodes.Expected expected = published.get(e.get("episode_id").toString());
            assertThat((Double) e.get("episode_return")).isCloseTo(expected.episodeReturn(), within(1e-6));
            assertThat((Integer) e.get("steps")).isEqualTo((int) expected.steps());
            assertThat((Long) e.get("start_time")).isPositive();
        });
    }

    @Test
    void episodesWithoutAVerdictShouldGoToQuarantineAfterTheTimeout(KafkaStack stack) {
        String ns = stack.uniqueName("noverdict");
        PublishedEpisodes.publish(stack, "support", ns, 3, 3, 50);

        EpisodeSink.Summary summary = new EpisodeSink(config(ns, dir, Map.of(SinkConfig.VERDICT_TIMEOUT_CONFIG, 1_000)),
                stack.clientProperties()).run();

        assertThat(summary.episodes()).isZero();
        assertThat(summary.quarantined()).isEqualTo(3);
        assertThat(query("SELECT verdict, quarantine_reason FROM " + parquet(new DatasetLayout(dir).quarantineEpisodes())))
                .allSatisfy(row -> {
                    assertThat(row.get("verdict")).isEqualTo("unvalidated");
                    assertThat((String) row.get("quarantine_reason")).startsWith("no verdict within 1000 ms");
                });
    }

    @Test
    void longAndManyOpenEpisodesShouldStayWithinTheBufferBySpillingToDisk(KafkaStack stack) {
        String ns = stack.uniqueName("memory");
        // 24 episodes open at once, ~600 steps each: about 4 MB of events against a 64 KiB buffer.
        Map<String, PublishedEpisodes.Expected> published = PublishedEpisodes.publish(stack, "support", ns, 24, 24, 600);
        long budget = SinkConfig.MIN_BUFFER_BYTES;

        EpisodeSink.Summary summary = new EpisodeSink(config(ns, dir, Map.of(SinkConfig.VERDICTS_CONFIG, "ignore",
                SinkConfig.BUFFER_MAX_BYTES_CONFIG, budget)), stack.clientProperties()).run();

        assertThat(summary.spills()).isGreaterThan(24);
        assertThat(summary.peakBufferedBytes()).isLessThanOrEqualTo(budget);
        DatasetLayout layout = new DatasetLayout(dir);
        assertThat(count("SELECT count(*) FROM " + parquet(layout.steps())))
                .isEqualTo(published.values().stream().mapToLong(PublishedEpisodes.Expected::steps).sum());
        for (Map<String, Object> row : query("SELECT episode_id, sum(reward) AS ret FROM " + parquet(layout.steps())
                + " GROUP BY episode_id")) {
            assertThat((Double) row.get("ret")).isCloseTo(published.get((String) row.get("episode_id")).episodeReturn(),
                    within(1e-6));
        }
        assertThat(count("SELECT count(*) FROM " + parquet(layout.events())))
                .isEqualTo(published.values().stream().mapToLong(PublishedEpisodes.Expected::events).sum());
        assertThat(layout.spill()).isEmptyDirectory();
    }

    @Test
    void anOutputDirectoryThatIsNotWritableShouldFailBeforeAnyConnection() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Map<String, Object> nowhere = Map.of("bootstrap.servers", "localhost:1", "schema.registry.url", "http://localhost:1");
        long begin = System.nanoTime();

        assertThatThrownBy(() -> new EpisodeSink(config("ns", file.resolve("data"), Map.of()), nowhere).run())
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("output directory " + file.resolve("data"))
                .hasMessageContaining("is not writable");
        assertThat(System.nanoTime() - begin).as("no connection was tried").isLessThan(2_000_000_000L);
    }

    private static List<JsonNode> lines(Path table) throws IOException {
        try (Stream<Path> files = Files.list(table)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
