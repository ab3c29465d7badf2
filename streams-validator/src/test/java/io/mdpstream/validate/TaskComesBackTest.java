package io.mdpstream.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.validate.EpisodeStreams.Event;
import io.mdpstream.validate.internal.EpisodeCheckProcessor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that comes back (after a restart, or moved to another stream thread by a rebalance) once its input was all
 * read finds its last slices open in its stores and sees no event. It must still hand them on when the input has been
 * quiet for {@link EpisodeCheckProcessor#IDLE_FLUSH}, with the watermark that holds no window back: otherwise every
 * window from those slices on waits for input that never comes. Played here on the checking processor itself, with
 * the same stores given to a new instance of it, as Kafka Streams restores them.
 */
class TaskComesBackTest {

    private static final TaskId TASK = new TaskId(0, 1);
    private static final long WALL = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final EpisodeStreams streams = new EpisodeStreams("support", "back", "");
    private final ValidatorConfig config = ValidatorConfig.of("back").withLatenessWall(Duration.ZERO);
    private final List<StateStore> stores = List.of(
            EpisodeCheckProcessor.episodeStore(Map.of()).withLoggingDisabled().build(),
            EpisodeCheckProcessor.windowStore(Map.of()).withLoggingDisabled().build());

    @AfterEach
    void close() {
        stores.forEach(StateStore::close);
    }

    @Test
    void aTaskThatComesBackWithOpenSlicesShouldHandThemOnOnceIdle() {
        MockProcessorContext<Object, Object> before = context();
        stores.forEach(store -> store.init(before.getStateStoreContext(), store));
        EpisodeCheckProcessor first = started(before);
        List<Event> events = streams.episode(0);
        long offset = 0;
        for (Event e : events) {
            before.setRecordMetadata(e.topic, TASK.partition(), offset++);
            before.setCurrentStreamTimeMs(Math.max(before.currentStreamTimeMs(), e.timestamp));
            first.process(new Record<>(e.key.getBytes(StandardCharsets.UTF_8), streams.bytes(e), e.timestamp));
        }
        // Committed and stopped before the input had been quiet for the idle flush: its last slices are still open.
        assertThat(shares(before)).as("the slices the stream time has passed").isNotEmpty()
                .noneMatch(share -> watermark(share) == Long.MAX_VALUE);
        stores.forEach(store -> ((CachedStateStore<?, ?>) store).flushCache());
        stores.forEach(store -> ((CachedStateStore<?, ?>) store).clearCache()); // only what a restore gives back

        MockProcessorContext<Object, Object> after = context();
        after.setCurrentStreamTimeMs(before.currentStreamTimeMs());
        started(after);
        idleFor(after, Duration.ofSeconds(1));
        assertThat(shares(after)).as("not quiet yet: it has only just started here").isEmpty();

        idleFor(after, EpisodeCheckProcessor.IDLE_FLUSH);
        List<Record<Object, Object>> handedOn = shares(after);
        assertThat(handedOn).as("its last open slices, handed on").isNotEmpty()
                .allMatch(share -> hasShare(share) && watermark(share) == Long.MAX_VALUE)
                .allMatch(share -> share.key().equals("support@" + TASK));
    }

    @Test
    void aTaskThatHasSeenNothingShouldStillTellTheMergerItHoldsNothingBack() {
        MockProcessorContext<Object, Object> context = context();
        stores.forEach(store -> store.init(context.getStateStoreContext(), store));
        started(context);

        idleFor(context, EpisodeCheckProcessor.IDLE_FLUSH.plusSeconds(1));

        // No scenario known (no event, no episode kept): the watermark alone, under an empty scenario.
        assertThat(shares(context)).singleElement()
                .matches(share -> !hasShare(share) && watermark(share) == Long.MAX_VALUE)
                .matches(share -> share.key().equals("@" + TASK));
    }

    private MockProcessorContext<Object, Object> context() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "back-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, TASK, dir.toFile());
        context.setCurrentSystemTimeMs(WALL);
        context.setCurrentStreamTimeMs(-1); // what Kafka Streams tells before the task's first record
        return context;
    }

    private EpisodeCheckProcessor started(MockProcessorContext<Object, Object> context) {
        stores.forEach(context::addStateStore);
        EpisodeCheckProcessor processor = new EpisodeCheckProcessor(config, streams.registry, ValidatorListener.NONE);
        processor.init(context);
        return processor;
    }

    /** Wall time moves on with no input; the wall-clock punctuators fire, each at its own interval. */
    private static void idleFor(MockProcessorContext<Object, Object> context, Duration quiet) {
        long end = context.currentSystemTimeMs() + quiet.toMillis();
        while (context.currentSystemTimeMs() < end) {
            context.setCurrentSystemTimeMs(Math.min(end, context.currentSystemTimeMs() + 100));
            long now = context.currentSystemTimeMs();
            for (MockProcessorContext.CapturedPunctuator p : context.scheduledPunctuators()) {
                if (p.getType() == PunctuationType.WALL_CLOCK_TIME && (now - WALL) % p.getInterval().toMillis() == 0) {
                    p.getPunctuator().punctuate(now);
                }
            }
        }
    }

    /** What went to the topic where shares meet. */
    private static List<Record<Object, Object>> shares(MockProcessorContext<Object, Object> context) {
        return context.forwarded(EpisodeCheckProcessor.PARTIALS).stream().map(CapturedForward::record)
                .map(r -> new Record<Object, Object>(r.key(), r.value(), r.timestamp())).toList();
    }

    /** A share record's watermark: after its marker byte, 8 big-endian bytes. */
    private static long watermark(Record<Object, Object> share) {
        return ByteBuffer.wrap((byte[]) share.value(), 1, Long.BYTES).getLong();
    }

    private static boolean hasShare(Record<Object, Object> share) {
        return ((byte[]) share.value()).length > 1 + Long.BYTES;
    }
}
