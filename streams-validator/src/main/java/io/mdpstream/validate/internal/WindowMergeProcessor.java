package io.mdpstream.validate.internal;

import io.mdpstream.events.WindowMetrics;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.ValidatorListener;
import io.mdpstream.validate.stats.DriftThresholds;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.WindowStats;
import io.mdpstream.validate.stats.WindowStatsSerde;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import java.util.Map;

/**
 * Merges the tasks' shares of each slice (from the one-partition shares topic: key scenario, value
 * a {@link WindowStats}, timestamp the slice start) and writes the hopping windows, assembled from
 * their slices, with drift against the reference profile when there is one, to {@code <ns>.metrics}
 * (keyed by window start). A window goes out once every task that sends shares has handed on its
 * last slice (a task hands a slice on after its lateness bound), or when the shares have stopped for
 * {@link EpisodeCheckProcessor#IDLE_FLUSH} of wall time; a share arriving after its windows went out sends them again, updated: the latest
 * record of a window is the whole window. Merged slices are kept for a day of simulated time (at
 * least four window sizes) to take late shares.
 */
public final class WindowMergeProcessor implements Processor<String, byte[], String, Object> {

    public static final String STORE = "window-merged";
    public static final String METRICS = "metrics-sink";
    private static final int MERGED_SLICES_IN_MEMORY = 32;
    /** Between the scenario and the task id in a share's key. */
    public static final String TASK_SEPARATOR = "@";

    private final ValidatorConfig config;
    private final ReferenceProfile profile;
    private final ValidatorListener listener;
    private final long retention;
    private final long size;
    private final long advance;
    private final long slice;
    private ProcessorContext<String, Object> context;
    private ObjectCacheStore<Long, WindowStats> store;
    private long lastPurge = Long.MIN_VALUE;
    /** Start of the last window that went out in order; windows are kept, so after a restart it begins afresh. */
    private long emittedUpTo = Long.MIN_VALUE;
    private long latestSlice = Long.MIN_VALUE;
    private long lastShareWallMs;
    private String scenario;
    private java.util.TreeSet<Long> sliceStarts;
    /** The latest slice each task has handed on (tasks that never sent a share do not hold windows back). */
    private final Map<String, Long> progress = new java.util.HashMap<>();

    public WindowMergeProcessor(ValidatorConfig config, ReferenceProfile profile, ValidatorListener listener) {
        this.config = config;
        this.profile = profile;
        this.listener = listener;
        this.retention = Math.max(86_400_000L, 4 * config.windowSize().toMillis());
        this.size = config.windowSize().toMillis();
        this.advance = config.windowAdvance().toMillis();
        this.slice = WindowAggregator.slice(size, advance);
    }

    /** The merged slices: changelogged, kept as objects between commits. */
    public static StoreBuilder<?> store(Map<String, String> changelogConfigs) {
        return ObjectCacheStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Long(),
                Serdes.ByteArray()).withLoggingEnabled(changelogConfigs), WindowStatsSerde::toBytes, WindowStatsSerde::fromBytes,
                // Slices of a few windows stay in memory; the day kept for late shares stays on disk.
                MERGED_SLICES_IN_MEMORY);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(java.time.Duration.ofSeconds(1), org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
                this::flushWhenIdle);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long sliceStart = record.timestamp();
        int at = record.key().lastIndexOf(TASK_SEPARATOR);
        scenario = at < 0 ? record.key() : record.key().substring(0, at);
        progress.merge(at < 0 ? "" : record.key().substring(at + 1), sliceStart, Math::max);
        lastShareWallMs = context.currentSystemTimeMs();
        latestSlice = Math.max(latestSlice, sliceStart);
        WindowStats share = WindowStatsSerde.fromBytes(record.value());
        listener.share(scenario, share);
        WindowStats merged = store.get(sliceStart);
        store.put(sliceStart, merged == null ? share : merged.merge(share));
        slices().add(sliceStart);
        if (emittedUpTo == Long.MIN_VALUE) {
            emittedUpTo = Math.floorDiv(sliceStart - size, advance) * advance; // after a start: earlier windows are done
        }
        // A late share: the windows holding it went out already, so they go out again, whole.
        for (long start = Math.floorDiv(sliceStart, advance) * advance; start > sliceStart - size && start >= 0; start -= advance) {
            if (start <= emittedUpTo) {
                emit(start);
            }
        }
        // A window is whole once every task has handed on its last slice.
        long everyTask = progress.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        emitUpTo(everyTask + slice - size);
        purge(context.currentStreamTimeMs());
    }

    /** When the shares have stopped coming, shows the windows begun so far rather than waiting. */
    private void flushWhenIdle(long wallMs) {
        if (scenario != null && wallMs - lastShareWallMs >= EpisodeCheckProcessor.IDLE_FLUSH.toMillis()) {
            emitUpTo(latestSlice);
        }
    }

    /** Emits, in order, the windows not out yet that start at or before {@code lastStart}; empty ones are skipped over. */
    private void emitUpTo(long lastStart) {
        if (emittedUpTo == Long.MIN_VALUE) {
            return;
        }
        long next = emittedUpTo + advance;
        while (next <= lastStart) {
            Long first = slices().ceiling(next);
            if (first == null || first > lastStart + size) {
                break; // no slice in any window left to emit
            }
            if (first >= next + size) {
                // Windows from next on hold nothing until the first that reaches the slice.
                next = Math.max(next + advance, Math.floorDiv(first - size, advance) * advance + advance);
                continue;
            }
            emit(next);
            next += advance;
        }
        emittedUpTo = Math.max(emittedUpTo, Math.floorDiv(lastStart, advance) * advance);
    }

    /** Starts of the merged slices kept, in order; read from the store once after a start. */
    private java.util.TreeSet<Long> slices() {
        if (sliceStarts == null) {
            sliceStarts = new java.util.TreeSet<>(store.keys());
        }
        return sliceStarts;
    }

    /** Assembles the window starting at {@code start} from its slices and writes its metrics; an empty window is skipped. */
    private void emit(long start) {
        WindowStats window = null;
        for (long s = start; s < start + size; s += slice) {
            WindowStats part = store.get(s);
            if (part != null) {
                window = window == null ? part.copy() : window.merge(part);
            }
        }
        if (window == null || start < 0) {
            return;
        }
        long end = start + size;
        WindowMetrics metrics = window.toAvro(config.namespace(), scenario, start, end, profile, DriftThresholds.DEFAULTS);
        context.forward(new Record<>(Instant.ofEpochMilli(start).toString(), (Object) metrics, end), METRICS);
        listener.window(metrics);
    }

    /** Forgets merged slices older than the retention; a share arriving later still is shown on its own. */
    private void purge(long now) {
        if (lastPurge != Long.MIN_VALUE && now - lastPurge < size) {
            return; // (the first time, now - MIN_VALUE would overflow)
        }
        lastPurge = now;
        java.util.NavigableSet<Long> old = slices().headSet(now - retention, false);
        old.forEach(store::delete);
        old.clear();
    }
}
