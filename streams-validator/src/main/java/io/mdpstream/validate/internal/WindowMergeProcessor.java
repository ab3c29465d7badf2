package io.mdpstream.validate.internal;

import io.mdpstream.events.WindowMetrics;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.ValidatorListener;
import io.mdpstream.validate.stats.DriftThresholds;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.WindowStats;
import io.mdpstream.validate.stats.WindowStatsSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Merges the tasks' shares of each window (from the one-partition partials topic: key scenario,
 * value a {@link WindowStats}, timestamp the window start) and writes the window's metrics, with
 * drift against the reference profile when there is one, to {@code <ns>.metrics} after each share:
 * the topic is keyed by window start, and the latest record of a window is the whole window. Merged
 * windows are kept for a day of simulated time (at least four window sizes) to take late shares.
 */
public final class WindowMergeProcessor implements Processor<String, byte[], String, Object> {

    public static final String STORE = "window-merged";
    public static final String METRICS = "metrics-sink";

    private final ValidatorConfig config;
    private final ReferenceProfile profile;
    private final ValidatorListener listener;
    private final long retention;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<Long, byte[]> store;
    private long lastPurge = Long.MIN_VALUE;

    public WindowMergeProcessor(ValidatorConfig config, ReferenceProfile profile, ValidatorListener listener) {
        this.config = config;
        this.profile = profile;
        this.listener = listener;
        this.retention = Math.max(86_400_000L, 4 * config.windowSize().toMillis());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long start = record.timestamp();
        long end = start + config.windowSize().toMillis();
        WindowStats share = WindowStatsSerde.fromBytes(record.value());
        byte[] before = store.get(start);
        WindowStats merged = before == null ? share : WindowStatsSerde.fromBytes(before).merge(share);
        store.put(start, WindowStatsSerde.toBytes(merged));
        WindowMetrics metrics = merged.toAvro(config.namespace(), record.key(), start, end, profile, DriftThresholds.DEFAULTS);
        context.forward(new Record<>(Instant.ofEpochMilli(start).toString(), (Object) metrics, end), METRICS);
        listener.window(metrics);
        purge(context.currentStreamTimeMs());
    }

    /** Forgets merged windows older than the retention; a share arriving later still is written on its own. */
    private void purge(long now) {
        if (now - lastPurge < config.windowAdvance().toMillis()) {
            return;
        }
        lastPurge = now;
        if (now - retention < 0) {
            return;
        }
        // Simulated times are after 1970 (Kafka timestamps), so keys sort as their big-endian bytes.
        List<Long> old = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> it = store.range(0L, now - retention)) {
            it.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(store::delete);
    }
}
