package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.kernel.Event;

/**
 * An order released to the floor: queued for a picker, being picked or being packed. Until then
 * it lives in {@link OpenOrders}. Also the packing of an order's lines into a long and a byte (9
 * bits of SKU and 3 bits of units per line), which both use.
 *
 * <p>An order on the floor is also the event that ends its current stage, the pick tour and then
 * packing, and calls back into its episode. One object per order in process, where a lambda per
 * stage would add 24 bytes each; with 100,000 episodes in flight that adds up (and the reference,
 * the flag and the top byte of the lines fit in the object's padding: 40 bytes in all).
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
    /** Packed by {@link #withLine}: bits 0..63 of the lines. */
    final long lines;
    /** Packed by {@link #withLineHigh}: bits 64..71 of the lines. */
    final byte linesHigh;
    /** The decision that released it. */
    final int releaseStep;
    private final WarehouseEpisode floor;
    /** The pick tour is over: the next time the order fires, packing ends. */
    private boolean picked;

    Order(int due, boolean express, float margin, long lines, byte linesHigh, int lineCount, int releaseStep,
            WarehouseEpisode floor) {
        this.due = due;
        this.express = express;
        this.margin = margin;
        this.lines = lines;
        this.linesHigh = linesHigh;
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
        return sku(lines, linesHigh, line);
    }

    int units(int line) {
        return units(lines, line);
    }

    /**
     * Bits 0..63 of the lines with line {@code line} (from 0) added. Lines are 12 bits apart, line
     * {@code i} at bits {@code 12 i .. 12 i + 11} of a 72-bit packing: units in the low 3 bits, the
     * SKU above them. Six lines need 72 bits, so the sixth line's SKU runs past the long: its lowest
     * bit is bit 63 here and the other 8 are the byte {@link #withLineHigh} keeps.
     *
     * <p>Why a long and a byte: six lines take 71 bits however they are packed (511 SKUs times 7
     * unit counts each), so they cannot fit one long. The byte fits the padding of an {@code Order}
     * (still 40 bytes) and costs {@link OpenOrders} one byte per open order, where a second long
     * would cost 8 and a 12-bit field of its own for the sixth line 2 (and grow an {@code Order} to
     * 48 bytes).
     */
    static long withLine(long lines, int line, int sku, int units) {
        return lines | ((long) sku << 3 | units) << (12 * line);
    }

    /** Bits 64..71 of the lines with line {@code line} added: the upper 8 bits of the sixth line's SKU. */
    static byte withLineHigh(byte linesHigh, int line, int sku) {
        return line == MAX_LINES - 1 ? (byte) (linesHigh | sku >>> 1) : linesHigh;
    }

    static int sku(long lines, byte linesHigh, int line) {
        int sku = (int) (lines >>> (12 * line + 3)) & 0x1FF;
        return line == MAX_LINES - 1 ? sku | (linesHigh & 0xFF) << 1 : sku;
    }

    /** Units never reach the high byte: the sixth line's are bits 60..62. */
    static int units(long lines, int line) {
        return (int) (lines >>> (12 * line)) & 0x7;
    }
}
