package io.mdpstream.sim.scenarios.warehouse;

import java.util.Arrays;

/**
 * The orders not yet released, in arrival order, addressed by position (0 = oldest).
 *
 * <p>Laid out as one array per field rather than one object per order: the open pool is where a
 * warehouse episode's orders pile up (the overnight backlog alone is about 140), and a continuous
 * feed keeps 100,000 episodes in flight. An open order costs 21 bytes here, against 52 for an
 * object and its reference in a list; its due time, for one, is kept as the number of its
 * departure. Orders that leave the pool become {@link Order} objects, of which there are only as
 * many as the floor is working on. Capacity follows the size within an eighth or so, both ways, so
 * that spare slots stay a small share.
 *
 * <p>Orders are numbered from 1 in arrival order, but only an order with a line waiting for stock
 * keeps its number: the customer's patience timer must find it again after earlier orders have
 * left and positions have shifted. Those numbers are few, in a short sorted list; since the pool is
 * in arrival order too, the k-th number in the list belongs to the k-th backordered order in the
 * pool.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class OpenOrders {

    private static final int MIN_CAPACITY = 16;
    private static final int EXPRESS = 0x10;
    private static final int LINE_COUNT = 0x0F;
    private static final int[] NONE = new int[0];

    /** Episode seconds; negative for the overnight backlog. */
    private float[] arrivals;
    /** The departure each order is due on, numbered by {@link #departures}: 2 bytes rather than 4 for the time. */
    private char[] dues;
    /** Contribution earned when it ships. */
    private float[] margins;
    /** Lines packed by {@link Order#withLine}. */
    private long[] lines;
    /** The lines' top bits, packed by {@link Order#withLineHigh}. */
    private byte[] linesHigh;
    /** Line count in the low bits, {@link #EXPRESS} above them. */
    private byte[] shapes;
    /** Lines still waiting for stock to be reserved, one bit per line; 0 when the order can be released. */
    private byte[] backordered;
    private int size;
    /** The number of the latest order added. */
    private int lastNumber;
    /** Numbers of the orders with a line waiting for stock, ascending. */
    private int[] waitingNumbers = NONE;
    private int waiting;
    private final DailyCalendar departures;

    /**
     * @param departures the carrier departures, which number the departures orders are due on
     */
    OpenOrders(DailyCalendar departures) {
        this.departures = departures;
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** Makes room for {@code more} orders at once, so a known batch (the overnight backlog) costs one allocation. */
    void reserve(int more) {
        if (size + more > dues.length) {
            resize(size + more);
        }
    }

    /**
     * Appends the newest order, with the lines that found no stock.
     *
     * @param departure        the number of the departure it is due on (see {@link DailyCalendar#occurrenceAtOrAfter})
     * @param backorderedLines one bit per line waiting for stock
     * @return the order's number, by which {@link #indexOf} finds it while a line waits for stock
     */
    int add(double arrival, long departure, boolean express, double margin, long packedLines, byte packedLinesHigh,
            int lineCount, int backorderedLines) {
        if (departure < 0 || departure > Character.MAX_VALUE) {
            throw new IllegalArgumentException("departure number " + departure + " is outside 0.." + (int) Character.MAX_VALUE
                    + ": more departures within an order's lead time and the horizon than an order can name");
        }
        if (size == dues.length) {
            resize(size + spare(size));
        }
        arrivals[size] = (float) arrival;
        dues[size] = (char) departure;
        margins[size] = (float) margin;
        lines[size] = packedLines;
        linesHigh[size] = packedLinesHigh;
        shapes[size] = (byte) (lineCount | (express ? EXPRESS : 0));
        backordered[size] = (byte) backorderedLines;
        size++;
        lastNumber++;
        if (backorderedLines != 0) {
            if (waiting == waitingNumbers.length) {
                waitingNumbers = Arrays.copyOf(waitingNumbers, Math.max(4, 2 * waiting));
            }
            waitingNumbers[waiting++] = lastNumber;
        }
        return lastNumber;
    }

    /** The position of order {@code number}, or -1 when it no longer waits for stock or is no longer open. */
    int indexOf(int number) {
        int rank = Arrays.binarySearch(waitingNumbers, 0, waiting, number);
        if (rank < 0) {
            return -1;
        }
        for (int at = 0; at < size; at++) {
            if (backordered[at] != 0 && rank-- == 0) {
                return at;
            }
        }
        throw new IllegalStateException("order " + number + " is listed as waiting but not in the pool");
    }

    /** Takes the order at {@code position} out; later orders move up one place. */
    void remove(int position) {
        if (backordered[position] != 0) {
            stopWaiting(position);
        }
        int tail = size - position - 1;
        System.arraycopy(arrivals, position + 1, arrivals, position, tail);
        System.arraycopy(dues, position + 1, dues, position, tail);
        System.arraycopy(margins, position + 1, margins, position, tail);
        System.arraycopy(lines, position + 1, lines, position, tail);
        System.arraycopy(linesHigh, position + 1, linesHigh, position, tail);
        System.arraycopy(shapes, position + 1, shapes, position, tail);
        System.arraycopy(backordered, position + 1, backordered, position, tail);
        size--;
        if (dues.length - size > Math.max(MIN_CAPACITY, size / 4)) {
            resize(size + spare(size));
        }
    }

    /** The order at {@code position} as it leaves the pool for {@code floor}, released by decision {@code step}. */
    Order released(int position, int step, WarehouseEpisode floor) {
        return new Order(due(position), express(position), margins[position], lines[position], linesHigh[position],
                lineCount(position), step, floor);
    }

    float arrival(int position) {
        return arrivals[position];
    }

    /** The number of the departure the order is due on; a later departure has a greater number. */
    int departure(int position) {
        return dues[position];
    }

    /** Episode seconds of the departure the order is due on: whole seconds. */
    int due(int position) {
        return (int) departures.time(dues[position]);
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

    byte linesHigh(int position) {
        return linesHigh[position];
    }

    int lineCount(int position) {
        return shapes[position] & LINE_COUNT;
    }

    int sku(int position, int line) {
        return Order.sku(lines[position], linesHigh[position], line);
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

    /** Stock has been reserved for a backordered line. */
    void markFilled(int position, int line) {
        if (!backordered(position, line)) {
            return;
        }
        if (backordered[position] == (1 << line)) {
            stopWaiting(position); // its last waiting line
        }
        backordered[position] &= (byte) ~(1 << line);
    }

    /** Drops the number of the backordered order at {@code position}: the rank among backordered orders finds it. */
    private void stopWaiting(int position) {
        int rank = 0;
        for (int at = 0; at < position; at++) {
            rank += backordered[at] != 0 ? 1 : 0;
        }
        System.arraycopy(waitingNumbers, rank + 1, waitingNumbers, rank, waiting - rank - 1);
        waiting--;
    }

    private static int spare(int size) {
        return Math.max(MIN_CAPACITY / 2, size / 8);
    }

    private void allocate(int capacity) {
        arrivals = new float[capacity];
        dues = new char[capacity];
        margins = new float[capacity];
        lines = new long[capacity];
        linesHigh = new byte[capacity];
        shapes = new byte[capacity];
        backordered = new byte[capacity];
    }

    private void resize(int capacity) {
        arrivals = Arrays.copyOf(arrivals, capacity);
        dues = Arrays.copyOf(dues, capacity);
        margins = Arrays.copyOf(margins, capacity);
        lines = Arrays.copyOf(lines, capacity);
        linesHigh = Arrays.copyOf(linesHigh, capacity);
        shapes = Arrays.copyOf(shapes, capacity);
        backordered = Arrays.copyOf(backordered, capacity);
    }
}
