package io.mdpstream.sim.scenarios.warehouse;

import java.util.Arrays;

/**
 * The orders not yet released, in arrival order, addressed by position (0 = oldest).
 *
 * <p>Laid out as one array per field rather than one object per order: the open pool is where a
 * warehouse episode's orders pile up (the overnight backlog alone is about 140), and a continuous
 * feed keeps 100,000 episodes in flight. An open order costs 26 bytes here, against 52 for an
 * object and its reference in a list. Orders that leave the pool become {@link Order} objects, of
 * which there are only as many as the floor is working on.
 *
 * <p>Each order carries an id, increasing in arrival order, by which an event scheduled for it
 * finds it again: positions shift as orders leave. Capacity grows and shrinks by small steps so
 * that spare slots stay a small share of the pool.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class OpenOrders {

    private static final int MIN_CAPACITY = 16;
    private static final int EXPRESS = 0x10;
    private static final int LINE_COUNT = 0x0F;

    private int[] ids;
    /** Episode seconds; negative for the overnight backlog. */
    private float[] arrivals;
    /** Episode seconds of the departure each order is due on. */
    private int[] dues;
    /** Contribution earned when it ships. */
    private float[] margins;
    /** Lines packed by {@link Order#pack}. */
    private long[] lines;
    /** Line count in the low bits, {@link #EXPRESS} above them. */
    private byte[] shapes;
    /** Lines still waiting for stock to be reserved, one bit per line; 0 when the order can be released. */
    private byte[] backordered;
    private int size;

    OpenOrders() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** Makes room for {@code more} orders at once, so a known batch (the overnight backlog) costs one allocation. */
    void reserve(int more) {
        if (size + more > ids.length) {
            resize(size + more);
        }
    }

    /**
     * Appends an order; its id must be greater than every id in the pool.
     *
     * @param due a departure time, whole seconds
     * @return its position
     */
    int add(int id, double arrival, double due, boolean express, double margin, long packedLines, int lineCount) {
        if (size > 0 && id <= ids[size - 1]) {
            throw new IllegalArgumentException("order id " + id + " is not after the newest open order's " + ids[size - 1]);
        }
        if (size == ids.length) {
            resize(size + Math.max(MIN_CAPACITY, size / 4));
        }
        ids[size] = id;
        arrivals[size] = (float) arrival;
        dues[size] = Math.toIntExact(Math.round(due));
        margins[size] = (float) margin;
        lines[size] = packedLines;
        shapes[size] = (byte) (lineCount | (express ? EXPRESS : 0));
        backordered[size] = 0;
        return size++;
    }

    /** The position of the order with {@code id}, or -1 when it is no longer open. */
    int indexOf(int id) {
        int at = Arrays.binarySearch(ids, 0, size, id);
        return at >= 0 ? at : -1;
    }

    /** Takes the order at {@code position} out; later orders move up one place. */
    void remove(int position) {
        int tail = size - position - 1;
        System.arraycopy(ids, position + 1, ids, position, tail);
        System.arraycopy(arrivals, position + 1, arrivals, position, tail);
        System.arraycopy(dues, position + 1, dues, position, tail);
        System.arraycopy(margins, position + 1, margins, position, tail);
        System.arraycopy(lines, position + 1, lines, position, tail);
        System.arraycopy(shapes, position + 1, shapes, position, tail);
        System.arraycopy(backordered, position + 1, backordered, position, tail);
        size--;
        // A morning backlog of hundreds shrinks to a few dozen later in the day: give the space back.
        if (size < ids.length / 4 && ids.length > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, 2 * size));
        }
    }

    /** The order at {@code position} as it leaves the pool for the floor, released by decision {@code step}. */
    Order released(int position, int step) {
        return new Order(dues[position], express(position), margins[position], lines[position], lineCount(position), step);
    }

    int id(int position) {
        return ids[position];
    }

    float arrival(int position) {
        return arrivals[position];
    }

    int due(int position) {
        return dues[position];
    }

    boolean express(int position) {
        return (shapes[position] & EXPRESS) != 0;
    }

    float margin(int position) {
        return margins[position];
    }

    long lines(int position) {
        return lines[position];
    }

    int lineCount(int position) {
        return shapes[position] & LINE_COUNT;
    }

    int sku(int position, int line) {
        return Order.sku(lines[position], line);
    }

    int units(int position, int line) {
        return Order.units(lines[position], line);
    }

    /** Whether any line of the order waits for stock; if none does, a picker can take it. */
    boolean backordered(int position) {
        return backordered[position] != 0;
    }

    /** The lines waiting for stock, one bit per line. */
    int backorderedLines(int position) {
        return backordered[position];
    }

    boolean backordered(int position, int line) {
        return (backordered[position] & (1 << line)) != 0;
    }

    void markBackordered(int position, int line) {
        backordered[position] |= (byte) (1 << line);
    }

    void markFilled(int position, int line) {
        backordered[position] &= (byte) ~(1 << line);
    }

    private void allocate(int capacity) {
        ids = new int[capacity];
        arrivals = new float[capacity];
        dues = new int[capacity];
        margins = new float[capacity];
        lines = new long[capacity];
        shapes = new byte[capacity];
        backordered = new byte[capacity];
    }

    private void resize(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        arrivals = Arrays.copyOf(arrivals, capacity);
        dues = Arrays.copyOf(dues, capacity);
        margins = Arrays.copyOf(margins, capacity);
        lines = Arrays.copyOf(lines, capacity);
        shapes = Arrays.copyOf(shapes, capacity);
        backordered = Arrays.copyOf(backordered, capacity);
    }
}
