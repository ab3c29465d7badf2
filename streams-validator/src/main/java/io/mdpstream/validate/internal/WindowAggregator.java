package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.stats.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * One task's share of the statistics, in slices of simulated time: every event and violation is
 * added, by its simulated time, to the one slice that holds it ({@link Share}), and a slice is
 * handed on (to be merged with the other tasks' shares, and into the hopping windows it belongs to)
 * once the task's stream time has passed its end by the lateness bound, or earlier when asked
 * ({@link #closeAll}). With the slices goes the task's watermark: the time before which no slice is
 * open any more, so that the merger knows when a window is whole.
 * The slice is the greatest common divisor of the window size and advance, so every window is a
 * union of whole slices: an event is added once, not once per window that covers it, and a commit
 * writes the one or two slices that changed rather than every open window.
 *
 * <p>The open slices live in an {@link ObjectCacheStore}, so they survive a restart; their keys are
 * also kept here, in order, to find the closable ones without a scan.
 */
final class WindowAggregator {

    /** A slice's share, ready to be merged. */
    record Closed(long start, Share share) {
    }

    /**
     * Slices handed on, and the task's watermark after them: every slice ending at or before it has
     * been handed on, and only an event later than the lateness bound can still open one; {@link
     * Long#MAX_VALUE} when every slice was handed on because the input went quiet.
     */
    record Handoff(List<Closed> closed, long watermark) {
    }

    private final long slice;
    private final long lateness;
    /** Whether the shares' features get quantile sketches where they are summarized (see {@code WindowStats}). */
    private final boolean featureQuantiles;
    private final ObjectCacheStore<Long, Share> store;
    /** Open slice starts, loaded lazily from the store after a restart. */
    private TreeMap<Long, Boolean> open;

    WindowAggregator(long slice, long lateness, boolean featureQuantiles, ObjectCacheStore<Long, Share> store) {
        this.slice = slice;
        this.lateness = lateness;
        this.featureQuantiles = featureQuantiles;
        this.store = store;
    }

    /** Adds one decoded event to the slice of its simulated time. */
    void add(DecodedEvent event) {
        long time = event.simTime();
        switch (event.kind()) {
            case STATES -> {
                // Straight from the record into the one slice: a map of boxed features per state cost more than the adding.
                if (event.field(DecodedEvent.Field.OBSERVATION) instanceof GenericRecord observation) {
                    forEach(time, w -> w.addState(observation));
                } else {
                    forEach(time, w -> w.count(EventKind.STATES));
                }
            }
            case ACTIONS -> {
                String label = actionLabel(event.field(DecodedEvent.Field.ACTION));
                forEach(time, w -> w.addAction(label));
            }
            case REWARDS -> {
                double value = ((Number) event.field(DecodedEvent.Field.VALUE)).doubleValue();
                forEach(time, w -> w.addReward(value));
            }
            case EPISODES -> forEach(time, w -> w.count(EventKind.EPISODES));
        }
    }

    void addViolation(String rule, long time) {
        forEach(time, w -> w.addViolation(rule));
    }

    /** The slice length for windows of this size and advance: their greatest common divisor. */
    static long slice(long size, long advance) {
        return java.math.BigInteger.valueOf(size).gcd(java.math.BigInteger.valueOf(advance)).longValueExact();
    }

    /** Takes out the slices that ended more than the lateness bound before {@code streamTime}. */
    Handoff closeUpTo(long streamTime) {
        return new Handoff(close(streamTime - lateness - slice), streamTime - lateness);
    }

    /**
     * Takes out every open slice: the input went quiet, show what there is. All of them, not those begun by the task's
     * stream time: a task that came here after a restart or a rebalance may not know its stream time yet.
     */
    Handoff closeAll() {
        return new Handoff(close(Long.MAX_VALUE), Long.MAX_VALUE);
    }

    /** The slice (its index in slices since 1970) that holds a watermark, to tell whether one moved past another. */
    long sliceOf(long watermark) {
        return Math.floorDiv(watermark, slice);
    }

    /** Takes out the slices starting at or before {@code lastStart}. */
    private List<Closed> close(long lastStart) {
        TreeMap<Long, Boolean> starts = open();
        if (starts.isEmpty() || starts.firstKey() > lastStart) {
            return List.of(); // the common case, asked after every event
        }
        List<Closed> closed = new ArrayList<>();
        while (!starts.isEmpty() && starts.firstKey() <= lastStart) {
            long start = starts.pollFirstEntry().getKey();
            Share share = store.get(start);
            store.delete(start);
            if (share != null) {
                closed.add(new Closed(start, share));
            }
        }
        return closed;
    }

    private void forEach(long time, java.util.function.Consumer<Share> update) {
        // None start before 1970, as Kafka timestamps cannot.
        long start = Math.max(0, Math.floorDiv(time, slice) * slice);
        // The open starts are the store's keys: a new slice is not looked up (and, closed before the commit, leaves no
        // trace in the store or its changelog).
        if (open().putIfAbsent(start, Boolean.TRUE) == null) {
            Share share = new Share(featureQuantiles);
            update.accept(share);
            store.putNew(start, share);
            return;
        }
        Share share = store.get(start);
        update.accept(share);
        store.put(start, share);
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
