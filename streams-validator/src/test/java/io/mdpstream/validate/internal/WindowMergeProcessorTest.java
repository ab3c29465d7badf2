package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.WindowMetrics;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.ValidatorListener;
import io.mdpstream.validate.ValidatorTopology;
import io.mdpstream.validate.stats.SentPaths;
import io.mdpstream.validate.stats.Share;
import io.mdpstream.validate.stats.WindowStats;
import io.mdpstream.validate.stats.WindowStatsSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merger writes a window once every task's watermark has passed its end, and again when a late share changes it;
 * a quiet task, or one gone far behind, holds no window back. The tasks here are played by records piped straight
 * into the topic where shares meet, as two tasks of the checking sub-topology would send them.
 */
class WindowMergeProcessorTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final String APP = "merge-test";

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> shares;
    private TestOutputTopic<String, Object> metrics;
    private final Map<String, SentPaths> sentPaths = new HashMap<>();

    @BeforeEach
    void start() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        ValidatorConfig config = ValidatorConfig.of("mt").withWindows(Duration.ofHours(1), Duration.ofMinutes(15));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        driver = new TopologyTestDriver(ValidatorTopology.build(config, APP, registry, ValidatorListener.NONE), props);
        shares = driver.createInputTopic(ValidatorTopology.partialsTopic(APP), new StringSerializer(), new ByteArraySerializer());
        metrics = driver.createOutputTopic(new EventTopics("mt").metrics(), new StringDeserializer(),
                new io.mdpstream.serde.AvroDeserializer<>(registry, true));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aWindowShouldGoOutOnceEveryTaskHasPassedItsEnd() {
        for (long slice = 0; slice < HOUR; slice += 15 * MINUTE) {
            send("0_0", slice, HOUR, states(2));
        }
        send("0_1", 0, 30 * MINUTE, states(1));
        emission();
        assertThat(metrics.isEmpty()).as("task 0_1 is still inside the first window").isTrue();

        send("0_1", 30 * MINUTE, HOUR, null); // its watermark alone

        emission();
        List<WindowMetrics> written = written();
        assertThat(written).extracting(WindowMetrics::getWindowStart).containsExactly(Instant.EPOCH);
        assertThat(written.get(0).getEventCounts()).containsEntry(EventKind.STATES.label(), 9L);
        emission();
        assertThat(metrics.isEmpty()).as("written once").isTrue();
    }

    @Test
    void aLateShareShouldSendTheWindowAgainWhole() {
        send("0_0", 0, HOUR, states(3));
        emission();
        assertThat(written()).singleElement().extracting(w -> w.getEventCounts().get(EventKind.STATES.label())).isEqualTo(3L);

        send("0_0", 45 * MINUTE, HOUR, states(4)); // an event later than the lateness, in the window's last slice

        emission();
        List<WindowMetrics> again = written();
        assertThat(again).extracting(WindowMetrics::getWindowStart).contains(Instant.EPOCH);
        assertThat(again).filteredOn(w -> w.getWindowStart().equals(Instant.EPOCH)).singleElement()
                .extracting(w -> w.getEventCounts().get(EventKind.STATES.label())).isEqualTo(7L);
    }

    @Test
    void aQuietTaskShouldHoldNoWindowBack() {
        send("0_0", 0, 2 * HOUR, states(1));
        send("0_1", 0, 10 * MINUTE, states(1));
        emission();
        assertThat(metrics.isEmpty()).isTrue();

        send("0_1", 15 * MINUTE, Long.MAX_VALUE, states(1)); // its input went quiet: every slice handed on

        emission();
        // Task 0_0 has passed two hours: both windows that hold a share are whole.
        assertThat(written()).extracting(WindowMetrics::getWindowStart)
                .containsExactly(Instant.EPOCH, Instant.ofEpochMilli(15 * MINUTE));
    }

    @Test
    void aTaskFarBehindTheOthersShouldNotHoldWindowsBackForEver() {
        send("0_1", 0, 10 * MINUTE, states(1));
        long farLater = Duration.ofDays(100).toMillis();
        send("0_0", farLater, farLater + HOUR, states(1));

        emission();

        assertThat(written()).extracting(WindowMetrics::getWindowStart).contains(Instant.EPOCH, Instant.ofEpochMilli(farLater));
    }

    @Test
    void sharesFromAnEarlierVersionWithoutWatermarksShouldStillGoOut() {
        WindowStats old = new WindowStats().count(EventKind.STATES, 5);

        byte[] bytes = WindowStatsSerde.toBytes(old);
        bytes[0] = 2; // as an earlier version sent it: a window of counts only has the same body in format 2
        shares.pipeInput("support@0_0", bytes, 0);
        emission();

        assertThat(written()).isNotEmpty().allMatch(w -> w.getEventCounts().get(EventKind.STATES.label()) == 5L);
    }

    @Test
    void sharesNamingTheirFeaturePathsByIdShouldMergeAsTheFullOnesDo() {
        for (String task : List.of("0_0", "0_1")) {
            send(task, 0, 0, withFeatures(1));
            send(task, 15 * MINUTE, 0, withFeatures(2)); // its paths by id: the first share brought them
            send(task, 30 * MINUTE, HOUR, withFeatures(3));
        }
        emission();

        WindowMetrics window = written().get(0);
        assertThat(window.getFeatures().get("queue").getCount()).isEqualTo(6);
        assertThat(window.getFeatures().get("queue").getMean()).isEqualTo(2.0);
        assertThat(window.getFeatures().get("busy[1]").getMax()).isEqualTo(30.0);
    }

    @Test
    void aShareThatCannotBeReadShouldGoToTheDeadLetterTopicAndMergingGoOn() {
        SentPaths elsewhere = new SentPaths();
        new ShareRecord(0, withFeatures(1)).toBytes(elsewhere); // sent in full, but never reached this merger
        byte[] byUnknownId = new ShareRecord(HOUR, withFeatures(2)).toBytes(elsewhere);
        TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(new EventTopics("mt").deadLetter(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());

        shares.pipeInput("support@0_0", byUnknownId, 0);
        send("0_1", 0, HOUR, states(2));
        emission();

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(byUnknownId);
        assertThat(new String(dead.headers().lastHeader(EpisodeCheckProcessor.HEADER_PREFIX + "error").value(), StandardCharsets.UTF_8))
                .contains("names its feature paths by id");
        assertThat(new String(dead.headers().lastHeader(EpisodeCheckProcessor.HEADER_PREFIX + "topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(ValidatorTopology.partialsTopic(APP));
        assertThat(written()).as("merging went on").isNotEmpty();
    }

    /** A share of one state whose features are {@code queue} = {@code level} and {@code busy} = [level, 10 level]. */
    private static Share withFeatures(int level) {
        Schema schema = SchemaBuilder.record("Observation").fields().requiredInt("queue")
                .name("busy").type().array().items().intType().noDefault().endRecord();
        GenericRecord state = new GenericData.Record(schema);
        state.put("queue", level);
        state.put("busy", new GenericData.Array<>(schema.getField("busy").schema(), List.of(level, 10 * level)));
        return new Share(false).addState(state);
    }

    private static Share states(int n) {
        Share share = new Share();
        for (int i = 0; i < n; i++) {
            share.count(EventKind.STATES);
        }
        return share;
    }

    /** Sent as the task would: each block of feature paths in full in its first share, by id after that. */
    private void send(String task, long sliceStart, long watermark, Share share) {
        SentPaths sent = sentPaths.computeIfAbsent(task, t -> new SentPaths());
        shares.pipeInput("support@" + task, new ShareRecord(watermark, share).toBytes(sent), sliceStart);
    }

    private void emission() {
        driver.advanceWallClockTime(WindowMergeProcessor.EMIT_INTERVAL);
    }

    private List<WindowMetrics> written() {
        return metrics.readValuesToList().stream().map(WindowMetrics.class::cast).toList();
    }
}
