package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.kernel.EventHandle;

/**
 * One customer order from arrival to shipment or cancellation. Kept small (48 bytes) because a
 * backlog holds hundreds: lines are packed into a long (9 bits of SKU and 3 bits of units per
 * line), the due time is whole seconds (departures fall on whole seconds), and arrival and margin
 * are floats.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class Order {

    /** Most lines an order can have. */
    static final int MAX_LINES = 6;
    /** Most SKUs a catalogue can have: what 9 bits can number. */
    static final int MAX_SKUS = 511;
    /** Most units a line can have: what 3 bits can hold. */
    static final int MAX_UNITS = 7;

    /** Where the order is in the fulfilment flow. */
    enum Status { OPEN, QUEUED, PICKING, PACKING, READY, CANCELLED }

    /** Episode seconds; negative for the overnight backlog. */
    final float arrival;
    /** Episode seconds of the departure it is due on. */
    final int due;
    final boolean express;
    /** Contribution earned when it ships. */
    final float margin;
    final byte lineCount;
    private final long lines;
    /** Lines still waiting for stock to be reserved, one bit per line; 0 when the order can be released. */
    byte backorderedMask;
    /** The decision that released it, -1 before. */
    int releaseStep = -1;
    Status status = Status.OPEN;
    /** The customer's cancellation while a line is backordered; null when none is pending. */
    EventHandle cancellation;

    /**
     * @param due a departure time, whole seconds
     */
    Order(double arrival, double due, boolean express, double margin, int[] skus, int[] units, int lineCount) {
        this.arrival = (float) arrival;
        this.due = Math.toIntExact(Math.round(due));
        this.express = express;
        this.margin = (float) margin;
        this.lineCount = (byte) lineCount;
        long packed = 0;
        for (int i = 0; i < lineCount; i++) {
            packed |= ((long) skus[i] << 3 | units[i]) << (12 * i);
        }
        this.lines = packed;
    }

    int sku(int line) {
        return (int) (lines >>> (12 * line + 3)) & 0x1FF;
    }

    int units(int line) {
        return (int) (lines >>> (12 * line)) & 0x7;
    }

    boolean backordered(int line) {
        return (backorderedMask & (1 << line)) != 0;
    }

    /** Open with every line's stock reserved: a picker can take it. */
    boolean releasable() {
        return status == Status.OPEN && backorderedMask == 0;
    }
}
