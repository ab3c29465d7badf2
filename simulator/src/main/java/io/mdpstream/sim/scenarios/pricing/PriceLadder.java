package io.mdpstream.sim.scenarios.pricing;

/**
 * The price levels a category may take: {@link #LEVELS} rungs, each {@code step} of the list price
 * apart, with the list price on rung {@code listLevel}. Prices are rounded to the cent, as a shop
 * displays them. A move is one rung per review at most; which moves are open at a decision is
 * {@link #allowedMoves}' business.
 *
 * <p>Immutable and thread-safe.
 */
public final class PriceLadder {

    /** Rungs per category; fixed because the action space is. */
    public static final int LEVELS = 9;

    private final double step;
    private final int listLevel;

    /**
     * @param step      fraction of the list price between rungs, in (0, 1 / listLevel)
     * @param listLevel the rung at list price, 0 .. LEVELS - 1
     */
    public PriceLadder(double step, int listLevel) {
        if (listLevel < 0 || listLevel >= LEVELS) {
            throw new IllegalArgumentException("list level must be within [0, " + (LEVELS - 1) + "], got " + listLevel);
        }
        if (!(step > 0) || 1 - listLevel * step <= 0) {
            throw new IllegalArgumentException("step " + step + " leaves rung 0 at or below zero with list level " + listLevel);
        }
        this.step = step;
        this.listLevel = listLevel;
    }

    public int listLevel() {
        return listLevel;
    }

    /** The fraction of the list price charged on {@code level}. */
    public double multiplier(int level) {
        return 1 + (level - listLevel) * step;
    }

    /** The shelf price on {@code level}, in cents precision. */
    public double price(double listPrice, int level) {
        return Math.round(listPrice * multiplier(level) * 100) / 100.0;
    }

    /**
     * The lowest rung whose price is at least {@code minimumPrice}; {@code LEVELS - 1} when none is,
     * so that a category whose cost exceeds the whole ladder is simply never marked down.
     */
    public int lowestLevelAtLeast(double listPrice, double minimumPrice) {
        for (int level = 0; level < LEVELS; level++) {
            if (price(listPrice, level) >= minimumPrice) {
                return level;
            }
        }
        return LEVELS - 1;
    }

    /**
     * Marks the rungs a category may move to from {@code current}: itself always (holding is always
     * valid), one rung down when it stays at or above {@code floorLevel}, one rung up unless
     * {@code raiseAllowed} is false.
     *
     * @param mask   the decision's mask, written from {@code offset} for {@link #LEVELS} entries
     */
    public static void allowedMoves(int current, int floorLevel, boolean raiseAllowed, boolean[] mask, int offset) {
        mask[offset + current] = true;
        if (current - 1 >= 0 && current - 1 >= floorLevel) {
            mask[offset + current - 1] = true;
        }
        if (raiseAllowed && current + 1 < LEVELS) {
            mask[offset + current + 1] = true;
        }
    }
}
