package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.kernel.Event;

/**
 * An order released to the floor: queued for a picker, being picked or being packed. Until then
 * it lives in {@link OpenOrders}. Also the packing of an order's lines into a long (9 bits of SKU
 * and 3 bits of units per line), which both use.
 *
 * <p>An order on the floor is also the event that ends its current stage, the pick tour and then
 * packing, and calls back into its episode. One object per order in process, where a lambda per
 * stage would add 24 bytes each; with 100,000 episodes in flight that adds up (and the reference
 * and flag fit in the object's padding).
 *
 * <p>Mutable (its stage); owned by one episode, not thread-safe.
 */
final class Order implements Event {

    /** Most lines an order can have. */
    static final int MAX_LINES = 6;
    /** Most SKUs a catalogue can have: what 9 bits can number. */
    static final int MAX_SKUS = 511;
    /** Most units a line can have: what 3 bits can hold. */
    static final int MAX_UNITS = 7;

    /** Episode seconds of the departure it is due on. */
    final int due;
    final boolean express;
    /** Contribution earned when it ships. */
    final float margin;
    final byte lineCount;
    /** Packed by {@link #withLine}. */
    final long lines;
    /** The decision that released it. */
    final int releaseStep;
    private final WarehouseEpisode floor;
    /** The pick tour is over: the next time the order fires, packing ends. */
    private boolean picked;

    Order(int due, boolean express, float margin, long lines, int lineCount, int releaseStep, WarehouseEpisode floor) {
        this.due = due;
        this.express = express;
        this.margin = margin;
        this.lines = lines;
        this.lineCount = (byte) lineCount;
        this.releaseStep = releaseStep;
        this.floor = floor;
    }

    /** Ends the stage the order is in: first its pick tour, then its packing. */
    @Override
    public void fire() {
        if (picked) {
            floor.packed(this);
        } else {
            picked = true;
            floor.finishPick(this);
        }
    }

    int sku(int line) {
        return sku(lines, line);
    }

    int units(int line) {
        return units(lines, line);
    }

    /**
     * {@code lines} with line {@code line} (from 0) added: lines are packed 12 bits apart. Six lines
     * need 72 bits: a sixth line keeps its units but only the lowest bit of its SKU (so it reads back
     * as SKU 0 or 1). Known and kept for now: fixing it changes the episodes of scenario version 1.0.0.
     */
    static long withLine(long lines, int line, int sku, int units) {
        return lines | ((long) sku << 3 | units) << (12 * line);
    }

    static int sku(long lines, int line) {
        return (int) (lines >>> (12 * line + 3)) & 0x1FF;
    }

    static int units(long lines, int line) {
        return (int) (lines >>> (12 * line)) & 0x7;
    }
}
