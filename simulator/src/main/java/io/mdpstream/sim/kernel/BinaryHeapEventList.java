package io.mdpstream.sim.kernel;

import java.util.Arrays;

/**
 * An array-based binary min-heap keyed by (time, order). Keys live in primitive arrays beside the
 * handles, so comparisons touch no objects; cancelled events stay in the heap and are skipped when
 * they reach the top, which keeps cancel O(1).
 *
 * <p>Starts small (8 entries) because a continuous feed holds one list per episode in flight.
 */
public final class BinaryHeapEventList implements EventList {

    private double[] times;
    private long[] orders;
    private EventHandle[] handles;
    private int size;

    public BinaryHeapEventList() {
        this(8);
    }

    public BinaryHeapEventList(int initialCapacity) {
        int capacity = Math.max(2, initialCapacity);
        times = new double[capacity];
        orders = new long[capacity];
        handles = new EventHandle[capacity];
    }

    @Override
    public void add(EventHandle handle) {
        if (size == handles.length) {
            grow();
        }
        siftUp(size++, handle.time, handle.order, handle);
    }

    @Override
    public EventHandle poll() {
        while (size > 0) {
            EventHandle top = handles[0];
            removeTop();
            if (!top.cancelled) {
                return top;
            }
        }
        return null;
    }

    @Override
    public double peekTime() {
        while (size > 0 && handles[0].cancelled) {
            removeTop();
        }
        return size == 0 ? Double.POSITIVE_INFINITY : times[0];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        Arrays.fill(handles, 0, size, null);
        size = 0;
    }

    private void removeTop() {
        int last = --size;
        EventHandle moved = handles[last];
        double t = times[last];
        long o = orders[last];
        handles[last] = null;
        if (last > 0) {
            siftDown(0, t, o, moved);
        }
    }

    private void siftUp(int index, double t, long o, EventHandle handle) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            double pt = times[parent];
            if (pt < t || (pt == t && orders[parent] < o)) {
                break;
            }
            times[i] = pt;
            orders[i] = orders[parent];
            handles[i] = handles[parent];
            i = parent;
        }
        times[i] = t;
        orders[i] = o;
        handles[i] = handle;
    }

    private void siftDown(int index, double t, long o, EventHandle handle) {
        int i = index;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && (times[right] < times[child]
                    || (times[right] == times[child] && orders[right] < orders[child]))) {
                child = right;
            }
            double ct = times[child];
            if (t < ct || (t == ct && o < orders[child])) {
                break;
            }
            times[i] = ct;
            orders[i] = orders[child];
            handles[i] = handles[child];
            i = child;
        }
        times[i] = t;
        orders[i] = o;
        handles[i] = handle;
    }

    private void grow() {
        int capacity = handles.length * 2;
        times = Arrays.copyOf(times, capacity);
        orders = Arrays.copyOf(orders, capacity);
        handles = Arrays.copyOf(handles, capacity);
    }
}
