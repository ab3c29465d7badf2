package io.mdpstream.sim.kernel;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * Pending events kept as a sorted array while they are few and as a 4-ary min-heap when they are
 * many.
 *
 * <ul>
 *   <li><b>Few (up to {@value #SORTED_LIMIT})</b>, the usual case: one simulation per episode
 *       holds a handful of pending events. The entries are sorted latest first, so the earliest is
 *       the last one: taking it moves nothing, and adding one shifts only the entries that fire
 *       before it. On an M/M/1 queue (two pending events) this is about a fifth faster than the
 *       heap, because a poll sifts nothing and reaches the event without an indirection.
 *       <p>The earliest entry, the head, is held apart in two fields, and the array holds the
 *       others. A simulation fires what it polls at once, and the branch on the event's class is
 *       one an M/M/1 queue mispredicts often (arrival or departure); the sooner the event is
 *       loaded, the sooner that branch is resolved. A field is loaded straight away, where an
 *       array element waits for the size that gives its index. On an M/M/1 queue in KernelBench
 *       that made the kernel 1.07x as fast (median of seven paired rounds, 1.02-1.13, every
 *       round faster).</li>
 *   <li><b>Many</b>: past the limit the array is reversed, earliest first, which is already a valid
 *       heap. Heap entries hold only primitives: the key and the slot of the event in a separate
 *       table (allocated the first time a list grows this large). Sifting therefore moves no
 *       reference, each of which would cost a garbage-collector write barrier; at a million
 *       pending events that keeps the hold model more than twice as fast. A node's four children
 *       sit side by side, so a level costs one cache line where a binary heap needs two; removal
 *       moves the hole at the top down to a leaf along the smallest children and then sifts the
 *       last entry up from there (Floyd's variant), since the last entry usually belongs near the
 *       bottom.</li>
 *   <li>Events at equal times leave first in, first out. The sorted array needs no key for that:
 *       an event goes in behind every entry at its time, so position keeps the order. The heap
 *       keys entries by (time, order), with an order the list counts itself; turning the array
 *       into a heap numbers its entries in the order they stand.</li>
 *   <li>When at most one entry is left, the heap is sorted by definition and the list goes back to
 *       the array; the gap between the two switches keeps a list near the limit from flipping at
 *       every event.</li>
 *   <li>A cancelled handle leaves a sorted list at once (a scan of at most
 *       {@value #SORTED_LIMIT} entries), so the list never holds one and taking the earliest
 *       event need not look at the event itself, which on an M/M/1 queue is a load that costs a
 *       twentieth of the rate. A heap keeps a cancelled handle until it reaches the front, which
 *       keeps cancel O(1) there, and skips it then.</li>
 * </ul>
 *
 * <p>Starts small (8 entries, 12 bytes each while sorted) because a continuous feed holds one list
 * per episode in flight.
 */
public final class HybridEventList implements EventList {

    /** Most entries kept as a sorted array; one more and the list becomes a heap. */
    static final int SORTED_LIMIT = 16;

    /**
     * While sorted: the earliest entry, kept apart from the others so that taking it loads one
     * field, not an array element whose index is the size (see {@link #pollNotAfter}); null when
     * the list is empty or a heap.
     */
    private Event head;
    private double headTime;
    private double[] times;
    /** While sorted: the events other than the head, latest first, beside their times. */
    private Event[] events;
    private boolean heap;
    /** While a heap: each entry's order among equal times; null until the list first becomes one. */
    private long[] orders;
    /** While a heap: each entry's slot in {@link #table}; null until the list first becomes one. */
    private int[] slots;
    private Event[] table;
    private int[] free;
    private int freeCount;
    /** Entries held: while sorted, the head and {@code size - 1} in the arrays. */
    private int size;
    private long nextOrder;
    private double polledTime;

    public HybridEventList() {
        this(8);
    }

    public HybridEventList(int initialCapacity) {
        int capacity = Math.max(2, initialCapacity);
        times = new double[capacity];
        events = new Event[capacity];
    }

    @Override
    public void add(double time, Event event) {
        if (!heap) {
            if (size == 0) {
                head = event;
                headTime = time;
                size = 1;
                return;
            }
            if (size < SORTED_LIMIT) {
                addSorted(time, event);
                return;
            }
            toHeap();
        }
        if (size == times.length) {
            grow();
        }
        int slot = free[--freeCount];
        table[slot] = event;
        siftUp(size++, time, nextOrder++, slot);
    }

    @Override
    public void cancel(EventHandle handle) {
        if (handle.cancelled) {
            return;
        }
        handle.cancelled = true;
        if (!heap) {
            removeSorted(handle);
        }
    }

    @Override
    public double peekTime() {
        while (heap && isCancelled(table[slots[0]])) {
            removeHeapTop();
        }
        if (size == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return heap ? times[0] : headTime;
    }

    @Override
    public Event poll() {
        return pollNotAfter(Double.POSITIVE_INFINITY);
    }

    @Override
    public Event pollNotAfter(double limit) {
        while (heap) {
            Event top = table[slots[0]];
            double time = times[0];
            if (isCancelled(top)) {
                removeHeapTop(); // may leave a sorted array
            } else if (time > limit) {
                return null;
            } else {
                removeHeapTop();
                polledTime = time;
                return top;
            }
        }
        // The hot path. No cancelled handle is left in a sorted list, so the event itself is not
        // looked at. The caller dispatches on the event's class at once, a branch that an M/M/1
        // queue mispredicts often; it resolves sooner when the event is a field's value than an
        // element at an index loaded first. The next head, taken from the array's end here, is
        // not needed before the next poll. The array's slot keeps its reference (see insertSorted).
        Event top = head;
        if (top == null || headTime > limit) {
            return null;
        }
        polledTime = headTime;
        dropHead();
        return top;
    }

    @Override
    public double polledTime() {
        return polledTime;
    }

    @Override
    public int size() {
        return size;
    }

    /** Whether the entries are held as a heap (many) rather than a sorted array (few). */
    boolean isHeap() {
        return heap;
    }

    @Override
    public void delayAll(DoubleSupplier extra) {
        int n = size;
        double[] delays = new double[n];
        for (int i = 0; i < n; i++) {
            delays[i] = extra.getAsDouble();
            if (!(delays[i] >= 0 && delays[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("extra delay must be finite and >= 0, got " + delays[i]);
            }
        }
        // Taken out in firing order and added back in that order, so ties keep it. Cancelled
        // handles a heap still held do not come out of poll, and so are not added back.
        double[] t = new double[n];
        Event[] e = new Event[n];
        int taken = 0;
        for (Event next = poll(); next != null; next = poll()) {
            t[taken] = polledTime;
            e[taken++] = next;
        }
        for (int i = 0; i < taken; i++) {
            if (e[i] instanceof EventHandle h) {
                h.time += delays[i]; // a scenario that kept the handle sees the move
            }
            add(t[i] + delays[i], e[i]);
        }
    }

    @Override
    public void clear() {
        if (heap) {
            for (int i = 0; i < size; i++) {
                release(slots[i]);
            }
        }
        Arrays.fill(events, null); // the pending entries and those poll left behind
        head = null;
        size = 0;
        heap = false;
    }

    private void removeHeapTop() {
        release(slots[0]);
        removeTop();
        if (size <= 1) {
            toSorted();
        }
    }

    /** Takes the earliest entry out of a sorted list: the latest-first array's last one becomes the head. */
    private void dropHead() {
        int rest = --size;
        if (rest == 0) {
            head = null;
        } else {
            head = events[rest - 1];
            headTime = times[rest - 1];
        }
    }

    /**
     * Adds to a sorted list that holds at least the head. An entry earlier than the head takes its
     * place, and the head goes to the array's end, where the earliest entry of the array belongs
     * (an entry at the head's time was added after it and fires after it).
     */
    private void addSorted(double time, Event event) {
        if (size == times.length) {
            grow();
        }
        if (time < headTime) {
            int end = size - 1;
            times[end] = headTime;
            if (events[end] != head) {
                events[end] = head;
            }
            head = event;
            headTime = time;
            size++;
        } else {
            insertSorted(time, event);
        }
    }

    /**
     * Latest first: the entries that fire before the new one, and those at its time, which were
     * added before it, move up by one to let it in.
     *
     * <p>A reference is stored only where the slot holds another one. An event that reschedules
     * itself, as an arrival process does, often goes back to the slot it was polled from, which
     * poll leaves as it was; skipping that store skips the garbage collector's write barrier. On
     * an M/M/1 queue in KernelBench, run by {@link Simulation#runUntil}, that is a median 1.08x
     * over nine paired rounds (1.01-1.11); under a caller's loop around step() it made no
     * difference (0.99x). The price: a few fired events per list stay reachable until their slot
     * is reused or the list cleared.
     */
    private void insertSorted(double t, Event e) {
        int j = size++ - 1; // entries in the array, the head aside
        while (j > 0 && times[j - 1] <= t) {
            times[j] = times[j - 1];
            Event moved = events[j - 1];
            if (events[j] != moved) {
                events[j] = moved;
            }
            j--;
        }
        times[j] = t;
        if (events[j] != e) {
            events[j] = e;
        }
    }

    /**
     * Reversed, the latest-first array is earliest first, and a sorted array is a heap. Numbering the
     * entries in that order keeps ties first in, first out, and every later add gets a higher number.
     */
    private void toHeap() {
        events[size - 1] = head; // the earliest, at the array's end: the array then holds them all
        times[size - 1] = headTime;
        head = null;
        if (slots == null) { // from then on, grow keeps them as long as the times
            orders = new long[times.length];
            slots = new int[times.length];
            table = new Event[times.length];
            free = new int[times.length];
            addFreeSlots(0, times.length);
        }
        for (int i = 0, j = size - 1; i < j; i++, j--) {
            double t = times[i];
            times[i] = times[j];
            times[j] = t;
        }
        for (int i = 0; i < size; i++) {
            orders[i] = nextOrder++;
            int slot = free[--freeCount];
            table[slot] = events[size - 1 - i];
            slots[i] = slot;
        }
        Arrays.fill(events, 0, size, null);
        heap = true;
    }

    /**
     * A heap of one entry or none is a sorted list already; its entry becomes the head, unless it
     * is a cancelled handle, which a sorted list does not keep.
     */
    private void toSorted() {
        if (size == 1) {
            Event last = table[slots[0]];
            release(slots[0]);
            if (isCancelled(last)) {
                size = 0;
            } else {
                head = last;
                headTime = times[0];
            }
        }
        heap = false;
    }

    /** Takes a handle out of the sorted list, if it is there, keeping the others in order. */
    private void removeSorted(EventHandle handle) {
        if (head == handle) {
            dropHead();
            return;
        }
        for (int i = 0, n = size - 1; i < n; i++) { // latest first, and a handle is often a far timeout
            if (events[i] == handle) {
                int after = n - 1 - i;
                System.arraycopy(times, i + 1, times, i, after);
                System.arraycopy(events, i + 1, events, i, after);
                events[n - 1] = null;
                size--;
                return;
            }
        }
    }

    private static boolean isCancelled(Event entry) {
        return entry instanceof EventHandle h && h.cancelled;
    }

    private void release(int slot) {
        table[slot] = null;
        free[freeCount++] = slot;
    }

    private void removeTop() {
        int last = --size;
        double t = times[last];
        long o = orders[last];
        int s = slots[last];
        if (last == 0) {
            return;
        }
        // Move the hole down to a leaf, always following the smallest child...
        int hole = 0;
        int first;
        while ((first = 4 * hole + 1) < last) {
            int child = first;
            int end = Math.min(first + 4, last);
            for (int c = first + 1; c < end; c++) {
                if (firesBefore(c, times[child], orders[child])) {
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

    /** Whether the entry at {@code index} fires before one keyed (t, o). */
    private boolean firesBefore(int index, double t, long o) {
        double ti = times[index];
        return ti < t || ti == t && orders[index] < o;
    }

    private void siftUp(int index, double t, long o, int slot) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (firesBefore(parent, t, o)) {
                break;
            }
            times[i] = times[parent];
            orders[i] = orders[parent];
            slots[i] = slots[parent];
            i = parent;
        }
        times[i] = t;
        orders[i] = o;
        slots[i] = slot;
    }

    private void grow() {
        int old = times.length;
        // By half, not double: spare entries add up over many episodes.
        int capacity = old + (old >> 1);
        times = Arrays.copyOf(times, capacity);
        events = Arrays.copyOf(events, capacity);
        if (slots != null) {
            orders = Arrays.copyOf(orders, capacity);
            slots = Arrays.copyOf(slots, capacity);
            table = Arrays.copyOf(table, capacity);
            free = Arrays.copyOf(free, capacity);
            addFreeSlots(old, capacity);
        }
    }

    /** Puts slots {@code from .. to - 1} on the free list, lowest on top. */
    private void addFreeSlots(int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            free[freeCount++] = i;
        }
    }
}
