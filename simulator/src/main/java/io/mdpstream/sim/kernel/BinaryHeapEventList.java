package io.mdpstream.sim.kernel;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * An array-based 4-ary min-heap keyed by (time, order).
 *
 * <ul>
 *   <li>The heap holds only primitives: the key (time, order) and the slot of the event in a
 *       separate table. Moving an entry up or down therefore stores no references, which would
 *       each cost a garbage-collector write barrier; an event reference is written once when it is
 *       added and cleared once when it fires.</li>
 *   <li>A node's four children sit side by side, so a level costs one cache line where a binary
 *       heap needs two levels.</li>
 *   <li>Removal moves the hole at the top down to a leaf along the smallest children and then sifts
 *       the last entry up from there (Floyd's variant), since the last entry usually belongs near
 *       the bottom.</li>
 *   <li>Cancelled handles stay until they reach the top, which keeps cancel O(1).</li>
 * </ul>
 *
 * <p>Starts small (8 entries) because a continuous feed holds one list per episode in flight.
 * The class keeps its historical name; it is the project's one event list implementation.
 */
public final class BinaryHeapEventList implements EventList {

    private double[] times;
    private long[] orders;
    private int[] slots;
    private Event[] table;
    private int[] free;
    private int freeCount;
    private int size;
    private double polledTime;

    public BinaryHeapEventList() {
        this(8);
    }

    public BinaryHeapEventList(int initialCapacity) {
        int capacity = Math.max(2, initialCapacity);
        times = new double[capacity];
        orders = new long[capacity];
        slots = new int[capacity];
        table = new Event[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    @Override
    public void add(double time, long order, Event event) {
        if (size == slots.length) {
            grow();
        }
        int slot = free[--freeCount];
        table[slot] = event;
        siftUp(size++, time, order, slot);
    }

    @Override
    public double peekTime() {
        while (size > 0 && table[slots[0]] instanceof EventHandle h && h.cancelled) {
            release(slots[0]);
            removeTop();
        }
        return size == 0 ? Double.POSITIVE_INFINITY : times[0];
    }

    @Override
    public Event poll() {
        while (size > 0) {
            int slot = slots[0];
            Event top = table[slot];
            polledTime = times[0];
            release(slot);
            removeTop();
            if (!(top instanceof EventHandle h && h.cancelled)) {
                return top;
            }
        }
        return null;
    }

    @Override
    public double polledTime() {
        return polledTime;
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
        Event[] e = new Event[n];
        for (int i = 0; i < n; i++) {
            e[i] = table[slots[i]];
        }
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
        while (size > 0) {
            release(slots[--size]);
        }
    }

    private void release(int slot) {
        table[slot] = null;
        free[freeCount++] = slot;
    }

    private void removeTop() {
        int last = --size;
        if (last == 0) {
            return;
        }
        double t = times[last];
        long o = orders[last];
        int s = slots[last];
        // Move the hole down to a leaf, always following the smallest child...
        int hole = 0;
        int first;
        while ((first = 4 * hole + 1) < last) {
            int child = first;
            int end = Math.min(first + 4, last);
            for (int c = first + 1; c < end; c++) {
                if (before(c, child)) {
                    child = c;
                }
            }
            times[hole] = times[child];
            orders[hole] = orders[child];
            slots[hole] = slots[child];
            hole = child;
        }
        // ...then place the last entry there and let it rise to its place.
        siftUp(hole, t, o, s);
    }

    private boolean before(int a, int b) {
        double ta = times[a];
        double tb = times[b];
        return ta < tb || ta == tb && orders[a] < orders[b];
    }

    private void siftUp(int index, double t, long o, int slot) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            double pt = times[parent];
            if (pt < t || (pt == t && orders[parent] < o)) {
                break;
            }
            times[i] = pt;
            orders[i] = orders[parent];
            slots[i] = slots[parent];
            i = parent;
        }
        times[i] = t;
        orders[i] = o;
        slots[i] = slot;
    }

    private void grow() {
        int old = slots.length;
        // By half, not double: an entry costs 28 bytes in five arrays, and spare ones add up over many episodes.
        int capacity = old + (old >> 1);
        times = Arrays.copyOf(times, capacity);
        orders = Arrays.copyOf(orders, capacity);
        slots = Arrays.copyOf(slots, capacity);
        table = Arrays.copyOf(table, capacity);
        free = Arrays.copyOf(free, capacity);
        for (int i = capacity - 1; i >= old; i--) {
            free[freeCount++] = i;
        }
    }
}
