package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.stats.Features;
import io.mdpstream.validate.stats.WindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * One task's share of the hopping windows: every event and violation is added, by its simulated
 * time, to each window that covers it, and a window is handed on (to be merged with the other
 * tasks' shares) once the task's stream time has passed its end by the lateness bound, or
 * earlier when asked ({@link #closeAll}). Windows start at multiples of the advance.
 *
 * <p>The open windows live in an {@link ObjectCacheStore}, so they survive a restart; the keys of
 * the open windows are also kept here, in order, to find the closable ones without a scan.
 */
final class WindowAggregator {

    /** A window's share, ready to be merged. */
    record Closed(long start, WindowStats stats) {
    }

    private final long size;
    private final long advance;
    private final long lateness;
    private final ObjectCacheStore<Long, WindowStats> store;
    /** Open window starts, loaded lazily from the store after a restart. */
    private TreeMap<Long, Boolean> open;

    WindowAggregator(long size, long advance, long lateness, ObjectCacheStore<Long, WindowStats> store) {
        this.size = size;
        this.advance = advance;
        this.lateness = lateness;
        this.store = store;
    }

    /** Adds one decoded event to the windows covering its simulated time. */
    void add(DecodedEvent event) {
        long time = event.simTime();
        switch (event.kind()) {
            case STATES -> {
                Map<String, Double> features = event.value().get("observation") instanceof GenericRecord observation
                        ? Features.flatten(observation) : Map.of();
                forEach(time, w -> w.addState(features));
            }
            case ACTIONS -> {
                String label = actionLabel(event.value().get("action"));
                forEach(time, w -> w.addAction(label));
            }
            case REWARDS -> {
                double value = ((Number) event.value().get("value")).doubleValue();
                forEach(time, w -> w.addReward(value));
            }
            case EPISODES -> forEach(time, w -> w.count(EventKind.EPISODES));
        }
    }

    void addViolation(String rule, long time) {
        forEach(time, w -> w.addViolation(rule));
    }

    /** Takes out the windows that ended more than the lateness bound before {@code streamTime}. */
    List<Closed> closeUpTo(long streamTime) {
        return close(streamTime - lateness - size);
    }

    /** Takes out every window that has begun by {@code streamTime}: the input went quiet, show what there is. */
    List<Closed> closeAll(long streamTime) {
        return close(streamTime);
    }

    /** Takes out the windows starting at or before {@code lastStart}. */
    private List<Closed> close(long lastStart) {
        List<Closed> closed = new ArrayList<>();
        TreeMap<Long, Boolean> starts = open();
        while (!starts.isEmpty() && starts.firstKey() <= lastStart) {
            long start = starts.pollFirstEntry().getKey();
            WindowStats stats = store.get(start);
            store.delete(start);
            if (stats != null) {
                closed.add(new Closed(start, stats));
            }
        }
        return closed;
    }

    private void forEach(long time, java.util.function.Consumer<WindowStats> update) {
        TreeMap<Long, Boolean> starts = open();
        // Windows [start, start + size) with start a multiple of the advance that contain time; none
        // start before 1970, as Kafka timestamps cannot.
        long last = Math.floorDiv(time, advance) * advance;
        for (long start = last; start > time - size && start >= 0; start -= advance) {
            WindowStats stats = store.get(start);
            if (stats == null) {
                stats = new WindowStats();
                starts.put(start, Boolean.TRUE);
            }
            update.accept(stats);
            store.put(start, stats);
        }
    }

    /** How an action is counted: its value (a single value unwrapped), in at most 80 characters. */
    private static String actionLabel(Object payload) {
        // A single value travels wrapped as ActionPayload{value}; a dict action is a record of its own fields.
        Object value = payload instanceof GenericRecord record && record.getSchema().getFields().size() == 1
                && record.getSchema().getField("value") != null ? record.get("value") : payload;
        String label = String.valueOf(value);
        return label.length() <= 80 ? label : label.substring(0, 79) + "…";
    }

    private TreeMap<Long, Boolean> open() {
        if (open == null) {
            open = new TreeMap<>();
            store.keys().forEach(start -> open.put(start, Boolean.TRUE));
        }
        return open;
    }
}
