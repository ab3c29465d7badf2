package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.events.WindowMetrics;
import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.ValidatorListener;
import io.mdpstream.validate.stats.SentPaths;
import io.mdpstream.validate.stats.Share;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an aborted transaction Kafka Streams revives a task in place: the same processor instance is initialized again
 * over stores restored to the last commit. The merger must then forget what the abort took back, not trust what it kept
 * beside its stores (which slices it holds, the tasks' watermarks, the windows to write).
 */
class MergerRevivedTest {

    private static final long HOUR = 3_600_000;
    private static final long WALL = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final ValidatorConfig config = ValidatorConfig.of("revived").withWindows(Duration.ofHours(1), Duration.ofMinutes(15));
    private List<StateStore> stores = List.of();

    @AfterEach
    void close() {
        stores.forEach(StateStore::close);
    }

    @Test
    void aMergerRevivedInPlaceShouldForgetWhatTheAbortedTransactionTookBack() {
        WindowMergeProcessor merger = new WindowMergeProcessor(config, null, ValidatorListener.NONE);
        MockProcessorContext<String, Object> first = started(merger);
        merger.process(share("0_0", 0, HOUR, 3)); // taken back: the transaction aborts before its commit

        MockProcessorContext<String, Object> revived = started(merger); // same instance, stores as last committed: empty
        merger.process(share("0_1", 0, HOUR, 2));
        emit(revived);

        assertThat(first.forwarded()).isEmpty();
        List<WindowMetrics> windows = revived.forwarded(WindowMergeProcessor.METRICS).stream()
                .map(forward -> (WindowMetrics) forward.record().value()).toList();
        assertThat(windows).as("the first window is whole: 0_1, the only task the merger knows of now, has passed it")
                .filteredOn(w -> w.getWindowStart().toEpochMilli() == 0).singleElement()
                .satisfies(w -> assertThat(w.getEventCounts().values().stream().mapToLong(Long::longValue).sum())
                        .as("the events of the share processed after the revival only").isEqualTo(2));
    }

    @Test
    void aMergerStartedAgainOverItsRestoredStoresShouldReadSharesThatNameTheirPathsById() {
        SentPaths sent = new SentPaths();
        WindowMergeProcessor merger = new WindowMergeProcessor(config, null, ValidatorListener.NONE);
        started(merger);
        merger.process(featureShare(0, 0, sent)); // the paths in full

        WindowMergeProcessor restarted = new WindowMergeProcessor(config, null, ValidatorListener.NONE);
        MockProcessorContext<String, Object> context = context();
        stores.forEach(context::addStateStore); // as restored from their changelogs
        restarted.init(context);
        restarted.process(featureShare(15 * 60_000, HOUR, sent)); // by id
        emit(context);

        assertThat(context.forwarded(WindowMergeProcessor.METRICS)).extracting(forward -> (WindowMetrics) forward.record().value())
                .filteredOn(w -> w.getWindowStart().toEpochMilli() == 0).singleElement()
                .satisfies(w -> assertThat(w.getFeatures().get("queue").getCount()).isEqualTo(2));
    }

    /** Task 0_0's share of one state with one feature, {@code queue}, sent as the task sends it. */
    private static Record<String, byte[]> featureShare(long slice, long watermark, SentPaths sent) {
        Schema schema = SchemaBuilder.record("Observation").fields().requiredInt("queue").endRecord();
        GenericRecord state = new GenericData.Record(schema);
        state.put("queue", 4);
        Share share = new Share(false).addState(state);
        return new Record<>("support" + WindowMergeProcessor.TASK_SEPARATOR + "0_0", new ShareRecord(watermark, share).toBytes(sent), slice);
    }

    /** A context over new, empty stores, as a restore to a commit before anything was merged gives them; the merger initialized on it. */
    private MockProcessorContext<String, Object> started(WindowMergeProcessor merger) {
        stores.forEach(StateStore::close);
        MockProcessorContext<String, Object> context = context();
        stores = List.of(
                build(WindowMergeProcessor.store(Map.of()).withLoggingDisabled()),
                build(WindowMergeProcessor.unsentStore(Map.of()).withLoggingDisabled().withCachingDisabled()),
                build(WindowMergeProcessor.watermarkStore(Map.of()).withLoggingDisabled().withCachingDisabled()),
                build(WindowMergeProcessor.pathsStore(Map.of()).withLoggingDisabled()));
        for (StateStore store : stores) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        merger.init(context);
        return context;
    }

    private MockProcessorContext<String, Object> context() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "revived-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<String, Object> context = new MockProcessorContext<>(props, new TaskId(1, 0), dir.toFile());
        context.setCurrentSystemTimeMs(WALL);
        return context;
    }

    private static StateStore build(StoreBuilder<?> builder) {
        return (StateStore) builder.build();
    }

    /** The merger's wall-clock punctuation, which writes the whole windows. */
    private static void emit(MockProcessorContext<String, Object> context) {
        context.setCurrentSystemTimeMs(WALL + WindowMergeProcessor.EMIT_INTERVAL.toMillis());
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    /** A task's share of the slice at {@code slice}: this many states, and the task's watermark. */
    private static Record<String, byte[]> share(String task, long slice, long watermark, int states) {
        Share share = new Share(false);
        for (int i = 0; i < states; i++) {
            share.count(EventKind.STATES);
        }
        return new Record<>("support" + WindowMergeProcessor.TASK_SEPARATOR + task, new ShareRecord(watermark, share).toBytes(null), slice);
    }
}
