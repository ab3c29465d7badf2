package io.mdpstream.validate.internal;

import io.mdpstream.events.WindowMetrics;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.ValidatorListener;
import io.mdpstream.validate.stats.DriftThresholds;
import io.mdpstream.validate.stats.KnownPaths;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.Share;
import io.mdpstream.validate.stats.WindowStats;
import io.mdpstream.validate.stats.WindowStatsSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the tasks' shares of each slice (from the one-partition shares topic: key scenario and
 * task, value a {@link ShareRecord}, timestamp the slice start) and writes each hopping window,
 * assembled from its slices, with drift against the reference profile when there is one, to
 * {@code <ns>.metrics} (keyed by window start) once it is whole.
 *
 * <p>A window is whole when every task's watermark has passed its end: each task has handed on its
 * shares of the window's slices, and only events later than the lateness bound can change it. A
 * task whose input went quiet says so (a watermark of {@link Long#MAX_VALUE}) and holds no window
 * back; a task far behind the others (by the retention below, one that is gone) is not waited for.
 * A late share changes a window written before: it goes out again, and the latest record of a
 * window is the whole window. Writing a window once, when whole, rather than each time a share
 * changed it (about 2.5 times a window at full speed), takes 40 % of the records and of the work of
 * assembling them.
 *
 * <p>Shares only mark their windows; the whole ones among the marked go out together every
 * {@link #EMIT_INTERVAL} of wall time. The marks and the watermarks are kept in changelogged
 * stores, so a window marked before a commit and not yet written still goes out after a restart.
 *
 * <p>Merged slices are kept for 90 days of simulated time (at least four window sizes) behind the
 * slowest task.
 */
public final class WindowMergeProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowMergeProcessor.class);

    public static final String STORE = "window-merged";
    /** The windows changed since they were last written: start time, and the scenario to name in them. */
    public static final String UNSENT_STORE = "window-unsent";
    /** Each task's watermark, by task id. */
    public static final String WATERMARK_STORE = "window-watermarks";
    /** The blocks of feature paths the shares brought in full, by id: later shares name them by id only. */
    public static final String PATHS_STORE = "window-paths";
    /** How often the changed windows are written: the default commit interval under exactly-once. */
    public static final Duration EMIT_INTERVAL = Duration.ofMillis(100);
    public static final String METRICS = "metrics-sink";
    /** Where a share that cannot be read goes (the namespace's dead-letter topic), so that merging goes on. */
    public static final String DEAD_LETTER = "merge-dead-letter-sink";
    /**
     * Merged slices kept as objects: those of windows not yet whole stay in use until the slowest
     * task passes them, and tasks read in turn can be a day of simulated time apart (a fetch of
     * each partition), and more when a validator catches up on a backlog, its tasks each at its own
     * pace. Past this many, the earliest slices go first: the slowest task has passed them, and only
     * a late share needs them again. The least recently used would be the slices the fastest task
     * passed long ago, those the slowest task is about to reach.
     */
    private static final int MERGED_SLICES_IN_MEMORY = 512;
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
    private KeyValueStore<Long, byte[]> unsent;
    /** The marks, as in {@link #unsent} (start, scenario); read from it once after a start. */
    private TreeMap<Long, String> marked;
    private KeyValueStore<String, Long> watermarkStore;
    /** The watermarks, as in {@link #watermarkStore}; read from it once after a start. */
    private Map<String, Long> watermarks;
    private KeyValueStore<Long, byte[]> pathsStore;
    /** The blocks of paths, as in {@link #pathsStore}; read from it once after a start. */
    private KnownPaths knownPaths;
    private long lastPurge = Long.MIN_VALUE;
    private java.util.TreeSet<Long> sliceStarts;
    /** The latest slice each task has handed on: how far behind the slowest task slices must be kept. */
    private final Map<String, Long> progress = new java.util.HashMap<>();

    public WindowMergeProcessor(ValidatorConfig config, ReferenceProfile profile, ValidatorListener listener) {
        this.config = config;
        this.profile = profile;
        this.listener = listener;
        // Long enough for shares of episodes that run for weeks (a share of a forgotten slice would be shown alone).
        this.retention = Math.max(Duration.ofDays(90).toMillis(), 4 * config.windowSize().toMillis());
        this.size = config.windowSize().toMillis();
        this.advance = config.windowAdvance().toMillis();
        this.slice = WindowAggregator.slice(size, advance);
    }

    /** The merged slices: changelogged, kept as objects between commits. */
    public static StoreBuilder<?> store(Map<String, String> changelogConfigs) {
        return ObjectCacheStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Long(),
                Serdes.ByteArray()).withLoggingEnabled(changelogConfigs), WindowStatsSerde::toBytes, WindowStatsSerde::fromBytes,
                // Slices of windows in progress stay in memory; those kept for late shares stay on disk.
                MERGED_SLICES_IN_MEMORY, Comparator.naturalOrder());
    }

    /** The windows to write at the next emission; cached, so a window marked by many shares is logged once per commit. */
    public static StoreBuilder<?> unsentStore(Map<String, String> changelogConfigs) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(UNSENT_STORE), Serdes.Long(), Serdes.ByteArray())
                .withLoggingEnabled(changelogConfigs).withCachingEnabled();
    }

    /**
     * The blocks of feature paths learned from the shares: changelogged, and committed with the offsets of the shares
     * that brought them, so that a share naming its block by id is readable after a restart too.
     */
    public static StoreBuilder<?> pathsStore(Map<String, String> changelogConfigs) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PATHS_STORE), Serdes.Long(), Serdes.ByteArray())
                .withLoggingEnabled(changelogConfigs);
    }

    /** The tasks' watermarks: changelogged, so that a restart knows which windows are whole. */
    public static StoreBuilder<?> watermarkStore(Map<String, String> changelogConfigs) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WATERMARK_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(changelogConfigs).withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.unsent = context.getStateStore(UNSENT_STORE);
        this.watermarkStore = context.getStateStore(WATERMARK_STORE);
        this.pathsStore = context.getStateStore(PATHS_STORE);
        // Kafka Streams revives a task in place after an aborted transaction: the same processor, its stores restored
        // to the last commit. What is kept beside the stores is read from them again; what is not is started afresh.
        marked = null;
        watermarks = null;
        knownPaths = null;
        sliceStarts = null;
        progress.clear();
        lastPurge = Long.MIN_VALUE;
        context.schedule(EMIT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> emitUnsent());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long sliceStart = record.timestamp();
        int at = record.key().lastIndexOf(TASK_SEPARATOR);
        String scenario = at < 0 ? record.key() : record.key().substring(0, at);
        String task = at < 0 ? "" : record.key().substring(at + 1);
        ShareRecord received;
        try {
            received = ShareRecord.fromBytes(record.value(), knownPaths());
        } catch (SerializationException e) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            LOG.error("Unreadable window share at {}-{} offset {} goes to the dead-letter topic: {}", source.topic(),
                    source.partition(), source.offset(), e.getMessage());
            context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(),
                    EpisodeCheckProcessor.deadLetterHeaders(record.headers(), source, e)), DEAD_LETTER);
            listener.deadLetter(source.topic());
            return;
        }
        if (received.watermark() != ShareRecord.NO_WATERMARK) {
            Long before = watermarks().put(task, received.watermark());
            if (before == null || before != received.watermark()) {
                watermarkStore.put(task, received.watermark());
            }
        }
        Share share = received.share();
        if (share == null) {
            return; // the task's watermark alone
        }
        progress.merge(task, sliceStart, Math::max);
        listener.share(scenario, share);
        // The slices kept are the store's keys: a new one is not looked up.
        if (slices().add(sliceStart)) {
            WindowStats merged = new WindowStats(config.keepFeatureQuantiles());
            share.addTo(merged);
            store.putNew(sliceStart, merged);
        } else {
            WindowStats merged = store.get(sliceStart);
            share.addTo(merged);
            store.put(sliceStart, merged);
        }
        // Every window [start, start + size) with start a multiple of the advance that holds the slice.
        for (long start = Math.floorDiv(sliceStart, advance) * advance; start > sliceStart - size && start >= 0; start -= advance) {
            if (marked().putIfAbsent(start, scenario) == null) { // each task's share marks it again
                unsent.put(start, scenario.getBytes(StandardCharsets.UTF_8));
            }
        }
        purge();
    }

    /** Writes each marked window that is whole, once, in order of start. */
    private void emitUnsent() {
        long whole = wholeUpTo();
        if (whole < Long.MIN_VALUE + size) {
            return;
        }
        // The windows [start, start + size) with start + size <= whole.
        for (var due = marked().headMap(whole - size, true).entrySet().iterator(); due.hasNext(); ) {
            Map.Entry<Long, String> window = due.next();
            emit(window.getKey(), window.getValue());
            unsent.delete(window.getKey());
            due.remove();
        }
    }

    private TreeMap<Long, String> marked() {
        if (marked == null) {
            marked = new TreeMap<>();
            try (KeyValueIterator<Long, byte[]> all = unsent.all()) {
                all.forEachRemaining(window -> marked.put(window.key, new String(window.value, StandardCharsets.UTF_8)));
            }
        }
        return marked;
    }

    /**
     * The time up to which windows are whole: the slowest task's watermark, leaving out a task more
     * than the retention behind the fastest (gone, or moved elsewhere with its partition's data); no
     * bound when no task has told one (shares from an earlier version of the validator, which wrote
     * a window whenever a share changed it).
     */
    private long wholeUpTo() {
        long fastest = Long.MIN_VALUE;
        for (long watermark : watermarks().values()) {
            if (watermark != Long.MAX_VALUE) {
                fastest = Math.max(fastest, watermark);
            }
        }
        long whole = Long.MAX_VALUE;
        for (long watermark : watermarks().values()) {
            if (fastest == Long.MIN_VALUE || watermark >= fastest - retention) {
                whole = Math.min(whole, watermark);
            }
        }
        return whole;
    }

    private KnownPaths knownPaths() {
        if (knownPaths == null) {
            knownPaths = new KnownPaths(pathsStore::put);
            try (KeyValueIterator<Long, byte[]> all = pathsStore.all()) {
                all.forEachRemaining(block -> knownPaths.restore(block.key, block.value));
            }
        }
        return knownPaths;
    }

    private Map<String, Long> watermarks() {
        if (watermarks == null) {
            watermarks = new HashMap<>();
            try (KeyValueIterator<String, Long> all = watermarkStore.all()) {
                all.forEachRemaining(entry -> watermarks.put(entry.key, entry.value));
            }
        }
        return watermarks;
    }

    /** Starts of the merged slices kept, in order; read from the store once after a start. */
    private java.util.TreeSet<Long> slices() {
        if (sliceStarts == null) {
            sliceStarts = new java.util.TreeSet<>(store.keys());
        }
        return sliceStarts;
    }

    /** Assembles the window starting at {@code start} from its slices (one at least) and writes its metrics. */
    private void emit(long start, String scenario) {
        WindowStats window = new WindowStats(config.keepFeatureQuantiles());
        for (long s = start; s < start + size; s += slice) {
            WindowStats part = store.get(s);
            if (part != null) {
                window.merge(part);
            }
        }
        long end = start + size;
        WindowMetrics metrics = window.toAvro(config.namespace(), scenario, start, end, profile, DriftThresholds.DEFAULTS);
        context.forward(new Record<>(Instant.ofEpochMilli(start).toString(), (Object) metrics, end), METRICS);
        listener.window(metrics);
    }

    /**
     * Forgets merged slices older, by the retention, than the slowest task's latest share (so a task far
     * behind the others still finds the slices of the windows it adds to); a share arriving later
     * still is shown on its own.
     */
    private void purge() {
        long slowest = Long.MIN_VALUE;
        for (long latest : progress.values()) {
            slowest = slowest == Long.MIN_VALUE ? latest : Math.min(slowest, latest);
        }
        if (slowest == Long.MIN_VALUE || lastPurge != Long.MIN_VALUE && slowest - lastPurge < size) {
            return;
        }
        lastPurge = slowest;
        java.util.NavigableSet<Long> old = slices().headSet(slowest - retention, false);
        old.forEach(store::delete);
        old.clear();
    }
}
