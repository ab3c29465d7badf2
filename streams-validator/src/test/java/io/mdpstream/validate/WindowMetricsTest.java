package io.mdpstream.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.events.DriftScore;
import io.mdpstream.events.WindowMetrics;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.validate.EpisodeStreams.Event;
import io.mdpstream.validate.internal.WindowMergeProcessor;
import io.mdpstream.validate.stats.ProfileException;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.WindowStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling statistics: each task adds every event to its share of the slice of simulated time
 * that holds it, hands a slice on once stream time has passed it by the lateness bound (or when the
 * input goes quiet), and the shares are merged into {@code <ns>.metrics}, where a window is written
 * once it is whole, one latest record per window. The merger writes the whole windows every {@link
 * WindowMergeProcessor#EMIT_INTERVAL} of wall time, which these tests advance by hand.
 */
class WindowMetricsTest {

    private static final Duration LATENESS = Duration.ofSeconds(10);
    private static final Duration SIZE = Duration.ofHours(1);
    private static final Duration ADVANCE = Duration.ofMinutes(15);

    @TempDir
    Path dir;

    private final EpisodeStreams streams = new EpisodeStreams("support", "wm", "");
    private TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private TestOutputTopic<String, Object> metrics;
    private int drivers;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void everyEventShouldCountInEachWindowThatCoversIt() {
        start(config());
        List<Event> events = threeEpisodes();
        pipe(events);

        quiet(); // quiet input: the windows begun so far go out
        Map<Instant, WindowMetrics> windows = latestByWindow();

        assertThat(windows).isNotEmpty();
        assertThat(countsByWindow(windows)).isEqualTo(expectedCounts(events));
        WindowMetrics any = windows.values().iterator().next();
        assertThat(any.getScenario()).isEqualTo("support");
        assertThat(any.getWindowEnd()).isEqualTo(any.getWindowStart().plus(SIZE));
        assertThat(any.getFeatures()).isNotEmpty();
        assertThat(windows.values()).allMatch(w -> w.getReward().getCount() == w.getEventCounts().get("rewards"));
        assertThat(windows.values()).allMatch(w -> w.getViolations().isEmpty() && w.getViolationRate() == 0);
    }

    @Test
    void featuresShouldGiveTheirMomentsOnlyUnlessTheirQuantilesAreAskedFor() {
        start(config());
        pipe(threeEpisodes());
        quiet();
        Map<Instant, WindowMetrics> moments = latestByWindow();
        driver.close();
        start(config().withFeatureQuantiles(true));
        pipe(threeEpisodes());
        quiet();
        Map<Instant, WindowMetrics> quantiles = latestByWindow();

        // Windows of states and rewards (some at the episodes' ends hold their ends only).
        assertThat(moments.values()).filteredOn(w -> w.getReward().getCount() > 0).isNotEmpty().allSatisfy(w -> {
            assertThat(w.getFeatures()).isNotEmpty().allSatisfy((name, m) -> assertThat(m.getQuantiles()).as(name).isEmpty());
            assertThat(w.getReward().getQuantiles()).as("the reward's, always").containsOnlyKeys("p50", "p90", "p99");
        });
        assertThat(quantiles.values()).filteredOn(w -> w.getReward().getCount() > 0).isNotEmpty().allSatisfy(w -> assertThat(w.getFeatures())
                .isNotEmpty().allSatisfy((name, m) -> assertThat(m.getQuantiles()).as(name).containsOnlyKeys("p50", "p90", "p99")));
        // The same moments either way.
        assertThat(quantiles.keySet()).isEqualTo(moments.keySet());
        quantiles.forEach((start, w) -> w.getFeatures().forEach((name, m) -> {
            var other = moments.get(start).getFeatures().get(name);
            assertThat(List.of(other.getCount(), other.getMean(), other.getStd(), other.getMin(), other.getMax())).as(name)
                    .isEqualTo(List.of(m.getCount(), m.getMean(), m.getStd(), m.getMin(), m.getMax()));
        }));
    }

    @Test
    void episodesThatRunForWeeksShouldCountWholeEvenWhenTheyComeOneAfterAnother() {
        // Pricing seasons last four weeks; the second episode's shares come four weeks behind the first's.
        EpisodeStreams pricing = new EpisodeStreams("pricing", "wm", "");
        start(config(), pricing);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.addAll(pricing.episode(i));
        }
        for (Event e : events) {
            inputs.get(e.topic).pipeInput(e.key, pricing.bytes(e), e.timestamp);
        }

        quiet();

        assertThat(countsByWindow(latestByWindow())).isEqualTo(expectedCounts(events));
    }

    @Test
    void aWindowShouldGoOutOnceStreamTimeHasPassedItByTheLateness() {
        start(config());
        List<Event> first = streams.episode(0);
        pipe(first);
        long streamTime = first.stream().mapToLong(e -> e.timestamp).max().orElseThrow();
        emission();
        Map<Instant, WindowMetrics> early = latestByWindow();
        // A window shows once the stream has passed its end by the lateness: then it is whole.
        assertThat(early).as("some windows of the episode are whole").isNotEmpty();
        assertThat(early.values()).as("only windows the stream has passed by the lateness")
                .allMatch(w -> w.getWindowEnd().toEpochMilli() + LATENESS.toMillis() <= streamTime);
        assertThat(countsByWindow(early)).as("and whole").isEqualTo(expectedCounts(first).entrySet().stream()
                .filter(e -> early.containsKey(Instant.ofEpochMilli(e.getKey())))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)));

        List<Event> dayLater = streams.episode(1);
        dayLater.forEach(e -> {
            e.timestamp += Duration.ofDays(1).toMillis();
            e.envelope().setSimTime(e.envelope().getSimTime().plus(Duration.ofDays(1)));
        });
        pipe(dayLater);
        emission();

        Map<Instant, WindowMetrics> windows = new TreeMap<>(early);
        windows.putAll(latestByWindow());
        // Every window of the first episode is out and whole (the next day's early windows are out too).
        assertThat(countsByWindow(windows)).containsAllEntriesOf(expectedCounts(first));
    }

    @Test
    void aWindowChangedByManySharesShouldGoOutOncePerEmission() {
        start(config());
        List<Event> events = threeEpisodes();
        pipe(events);
        assertThat(metrics.isEmpty()).as("nothing is written between emissions").isTrue();

        emission();

        // Each window holds four slices, each handed on as a share of its own; the window goes out once.
        List<Object> written = metrics.readValuesToList();
        Map<Instant, Long> recordsPerWindow = new TreeMap<>();
        written.forEach(v -> recordsPerWindow.merge(((WindowMetrics) v).getWindowStart(), 1L, Long::sum));
        assertThat(recordsPerWindow).hasSizeGreaterThan(4);
        assertThat(recordsPerWindow.values()).containsOnly(1L);
    }

    @Test
    void violationsShouldCountInTheWindowOfTheirSimulatedTime() {
        start(config());
        List<Event> episode = streams.episode(0);
        Event duplicated = episode.get(5);
        episode.add(6, duplicated);
        pipe(episode);

        quiet();
        Map<Instant, WindowMetrics> windows = latestByWindow();

        long covering = windows.values().stream().filter(w -> covers(w, duplicated.timestamp)).count();
        assertThat(covering).isEqualTo(SIZE.dividedBy(ADVANCE));
        assertThat(windows.values()).allMatch(w -> covers(w, duplicated.timestamp)
                ? w.getViolations().equals(Map.of(Rule.SEQ_DUPLICATE.id(), 1L)) && w.getViolationRate() > 0
                : w.getViolations().isEmpty());
    }

    @Test
    void rewardsFarFromTheReferenceProfileShouldBeFlaggedAsDrift() {
        WindowStats elsewhere = new WindowStats();
        for (int i = 0; i < 500; i++) {
            elsewhere.addReward(1_000 + i);
        }
        Path file = dir.resolve("profile.json");
        ReferenceProfile.of("support", elsewhere).write(file);
        start(config().withReferenceProfile(file));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.addAll(streams.episode(i));
        }
        pipe(events);

        quiet();
        List<DriftScore> reward = latestByWindow().values().stream()
                .filter(w -> w.getReward().getCount() >= 30)
                .flatMap(w -> w.getDrift().stream())
                .filter(d -> d.getFeature().equals(WindowStats.REWARD))
                .toList();

        assertThat(reward).isNotEmpty();
        assertThat(reward).filteredOn(DriftScore::getDrifted).isNotEmpty();
    }

    @Test
    void featuresFarFromTheReferenceProfileShouldBeScoredForDriftWithTheirQuantilesGiven() {
        start(config());
        pipe(threeEpisodes());
        quiet();
        String feature = latestByWindow().values().iterator().next().getFeatures().keySet().iterator().next();
        driver.close();
        WindowStats elsewhere = new WindowStats();
        for (int i = 0; i < 500; i++) {
            elsewhere.addState(Map.of(feature, 1e6 + i));
        }
        Path file = dir.resolve("features.json");
        ReferenceProfile.of("support", elsewhere).write(file);

        start(config().withReferenceProfile(file)); // no feature quantiles asked for: drift needs them
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.addAll(streams.episode(i));
        }
        pipe(events);
        quiet();
        Map<Instant, WindowMetrics> windows = latestByWindow();

        assertThat(windows.values()).filteredOn(w -> w.getFeatures().containsKey(feature)).isNotEmpty()
                .allSatisfy(w -> assertThat(w.getFeatures().get(feature).getQuantiles()).isNotEmpty());
        assertThat(windows.values().stream().flatMap(w -> w.getDrift().stream()).filter(d -> d.getFeature().equals(feature)))
                .isNotEmpty().anyMatch(DriftScore::getDrifted);
    }

    @Test
    void aProfileThatDoesNotParseShouldStopTheValidatorBeforeItStarts() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"format_version\": 1, \"scenario\": ");

        assertThatThrownBy(() -> ValidatorTopology.build(config().withReferenceProfile(file), "window-test", streams.registry,
                ValidatorListener.NONE))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private ValidatorConfig config() {
        return ValidatorConfig.of("wm").withLateness(LATENESS).withLatenessWall(Duration.ZERO).withWindows(SIZE, ADVANCE);
    }

    private void start(ValidatorConfig config) {
        start(config, streams);
    }

    private void start(ValidatorConfig config, EpisodeStreams streams) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + ++drivers).toString()); // a test may start two
        driver = new TopologyTestDriver(ValidatorTopology.build(config, "window-test", streams.registry, ValidatorListener.NONE), props);
        for (String topic : streams.topics.episodeTopics()) {
            inputs.put(topic, driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()));
        }
        metrics = driver.createOutputTopic(streams.topics.metrics(), new StringDeserializer(),
                new io.mdpstream.serde.AvroDeserializer<>(streams.registry, true));
    }

    /** The input stops: the tasks hand on their slices, then the merger, quiet in turn, shows its windows. */
    private void quiet() {
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        driver.advanceWallClockTime(Duration.ofSeconds(6));
    }

    private List<Event> threeEpisodes() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.addAll(streams.episode(i));
        }
        return events;
    }

    /** Wall time moves on to the merger's next emission; the input is not quiet yet. */
    private void emission() {
        driver.advanceWallClockTime(WindowMergeProcessor.EMIT_INTERVAL);
    }

    private void pipe(List<Event> events) {
        for (Event e : events) {
            inputs.get(e.topic).pipeInput(e.key, streams.bytes(e), e.timestamp);
        }
    }

    /** The last record of each window: the whole window. */
    private Map<Instant, WindowMetrics> latestByWindow() {
        Map<Instant, WindowMetrics> latest = new TreeMap<>();
        metrics.readValuesToList().forEach(v -> {
            WindowMetrics w = (WindowMetrics) v;
            latest.put(w.getWindowStart(), w);
        });
        return latest;
    }

    private static Map<Long, Map<String, Long>> countsByWindow(Map<Instant, WindowMetrics> windows) {
        Map<Long, Map<String, Long>> counts = new TreeMap<>();
        windows.forEach((start, w) -> counts.put(start.toEpochMilli(), new TreeMap<>(w.getEventCounts())));
        return counts;
    }

    /** Counts by kind for every window start (a multiple of the advance) whose window holds the event. */
    private Map<Long, Map<String, Long>> expectedCounts(List<Event> events) {
        Map<Long, Map<String, Long>> counts = new TreeMap<>();
        for (Event e : events) {
            String kind = e.topic.substring(e.topic.lastIndexOf('.') + 1);
            for (long start = e.timestamp - Math.floorMod(e.timestamp, ADVANCE.toMillis()); start > e.timestamp - SIZE.toMillis();
                 start -= ADVANCE.toMillis()) {
                Map<String, Long> window = counts.computeIfAbsent(start, s -> zeroCounts());
                window.merge(kind, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Map<String, Long> zeroCounts() {
        Map<String, Long> zero = new TreeMap<>();
        for (EventKind kind : EventKind.values()) {
            zero.put(kind.label(), 0L);
        }
        return zero;
    }

    private static boolean covers(WindowMetrics w, long time) {
        return !w.getWindowStart().isAfter(Instant.ofEpochMilli(time)) && w.getWindowEnd().isAfter(Instant.ofEpochMilli(time));
    }
}
