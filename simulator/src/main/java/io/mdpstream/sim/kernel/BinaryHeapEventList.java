package io.mdpstream.sim.kernel;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * An array-based binary min-heap keyed by (time, order). Keys live in primitive arrays beside the
 * events, so comparisons touch no objects. Removal moves the hole at the top down to a leaf along
 * the smaller children and then sifts the last entry up from there (Floyd's variant): one
 * comparison per level instead of two, since the last entry usually belongs near the bottom.
 * Cancelled handles stay until they reach the top, which keeps cancel O(1).
 *
 * <p>Starts small (8 entries) because a continuous feed holds one list per episode in flight.
 */
public final class BinaryHeapEventList implements EventList {

    private double[] times;
    private long[] orders;
    private Event[] events;
    private int size;

    public BinaryHeapEventList() {
        this(8);
    }

    public BinaryHeapEventList(int initialCapacity) {
        int capacity = Math.max(2, initialCapacity);
        times = new double[capacity];
        orders = new long[capacity];
        events = new Event[capacity];
    }

    @Override
    public void add(double time, long order, Event event) {
        if (size == events.length) {
            grow();
        }
        siftUp(size++, time, order, event);
    }

    @Override
    public double peekTime() {
        while (size > 0 && events[0] instanceof EventHandle h && h.cancelled) {
            removeTop();
        }
        return size == 0 ? Double.POSITIVE_INFINITY : times[0];
    }

    @Override
    public Event poll() {
        while (size > 0) {
            Event top = events[0];
            removeTop();
            if (!(top instanceof EventHandle h && h.cancelled)) {
                return top;
            }
        }
        return null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void delayAll(DoubleSupplier extra) {
        int n = size;
        double[] t = Arrays.copyOf(times, n);
        long[] o = Arrays.copyOf(orders, n);
        Event[] e = Arrays.copyOf(events, n);
        clear();
        for (int i = 0; i < n; i++) {
            double delay = extra.getAsDouble();
            if (!(delay >= 0)) {
                throw new IllegalArgumentException("extra delay must be >= 0, got " + delay);
            }
            if (e[i] instanceof EventHandle h) {
                h.time += delay; // a scenario that kept the handle sees the move
            }
            add(t[i] + delay, o[i], e[i]);
        }
    }

    @Override
    public void clear() {
        Arrays.fill(events, 0, size, null);
        size = 0;
    }

    private void removeTop() {
        int last = --size;
        Event moved = events[last];
        double t = times[last];
        long o = orders[last];
        events[last] = null;
        if (last == 0) {
            return;
        }
        // Move the hole down to a leaf, always following the smaller child...
        int hole = 0;
        int child;
        while ((child = 2 * hole + 1) < last) {
            int right = child + 1;
            if (right < last && before(right, child)) {
                child = right;
            }
            times[hole] = times[child];
            orders[hole] = orders[child];
            events[hole] = events[child];
            hole = child;
        }
        // ...then place the last entry there and let it rise to its place.
        siftUp(hole, t, o, moved);
    }

    private boolean before(int a, int b) {
        double ta = times[a];
        double tb = times[b];
        return ta < tb || ta == tb && orders[a] < orders[b];
    }

    private void siftUp(int index, double t, long o, Event event) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            double pt = times[parent];
            if (pt < t || (pt == t && orders[parent] < o)) {
                break;
            }
            times[i] = pt;
            orders[i] = orders[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = t;
        orders[i] = o;
        events[i] = event;
    }

    private void grow() {
        int capacity = events.length * 2;
        times = Arrays.copyOf(times, capacity);
        orders = Arrays.copyOf(orders, capacity);
        events = Arrays.copyOf(events, capacity);
    }
}
