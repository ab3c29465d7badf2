package io.mdpstream.sim.scenarios.warehouse;

/**
 * Stock of the forward pick area, per SKU: units on hand (on the shelf), units of those reserved
 * for orders not yet picked, units on inbound replenishment orders, and units owed to backordered
 * order lines. SKUs are numbered class by class (A first), so a
 * class is a contiguous range; everything lives in a few small int arrays.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class Inventory {

    static final int CLASSES = 3;

    private final int[] first = new int[CLASSES];
    private final int[] count = new int[CLASSES];
    private final int[] onHand;
    private final int[] reserved;
    private final int[] inbound;
    private final int[] backorderedUnits;
    private final int[] openReplenishments = new int[CLASSES];
    private final double[] lastReplenishment = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY};

    /**
     * @param skusPerClass SKUs in class A, B and C
     */
    Inventory(int[] skusPerClass) {
        int total = 0;
        for (int c = 0; c < CLASSES; c++) {
            first[c] = total;
            count[c] = skusPerClass[c];
            total += skusPerClass[c];
        }
        onHand = new int[total];
        reserved = new int[total];
        inbound = new int[total];
        backorderedUnits = new int[total];
    }

    int skus() {
        return onHand.length;
    }

    /** Found from the class ranges rather than a table per SKU: three comparisons at most, and no bytes per episode. */
    int classOf(int sku) {
        int c = CLASSES - 1;
        while (c > 0 && sku < first[c]) {
            c--;
        }
        return c;
    }

    int firstSku(int skuClass) {
        return first[skuClass];
    }

    int skuCount(int skuClass) {
        return count[skuClass];
    }

    /** Units on the shelf, reserved or not. */
    int onHand(int sku) {
        return onHand[sku];
    }

    /** Units on the shelf that no order has reserved. */
    int available(int sku) {
        return onHand[sku] - reserved[sku];
    }

    int inbound(int sku) {
        return inbound[sku];
    }

    /** Available plus inbound minus what backordered lines already owe: what a reorder decision looks at. */
    int position(int sku) {
        return available(sku) + inbound[sku] - backorderedUnits[sku];
    }

    void put(int sku, int units) {
        onHand[sku] += units;
    }

    /** Reserves {@code units} for an order line if they are available; false (and nothing reserved) when not. */
    boolean reserve(int sku, int units) {
        if (available(sku) < units) {
            return false;
        }
        reserved[sku] += units;
        return true;
    }

    void unreserve(int sku, int units) {
        reserved[sku] -= units;
    }

    /** Takes reserved units off the shelf. */
    void pick(int sku, int units) {
        reserved[sku] -= units;
        onHand[sku] -= units;
    }

    void owe(int sku, int units) {
        backorderedUnits[sku] += units;
    }

    void settle(int sku, int units) {
        backorderedUnits[sku] -= units;
    }

    /** The class's SKU with the lowest position (the first among equals): the one a replenishment order restocks. */
    int mostDepleted(int skuClass) {
        int best = first[skuClass];
        for (int s = first[skuClass] + 1; s < first[skuClass] + count[skuClass]; s++) {
            if (position(s) < position(best)) {
                best = s;
            }
        }
        return best;
    }

    int stockouts(int skuClass) {
        int out = 0;
        for (int s = first[skuClass]; s < first[skuClass] + count[skuClass]; s++) {
            if (available(s) == 0) {
                out++;
            }
        }
        return out;
    }

    void ordered(int sku, int units, double time) {
        inbound[sku] += units;
        openReplenishments[classOf(sku)]++;
        lastReplenishment[classOf(sku)] = time;
    }

    void received(int sku, int units) {
        inbound[sku] -= units;
        onHand[sku] += units;
        openReplenishments[classOf(sku)]--;
    }

    int openReplenishments(int skuClass) {
        return openReplenishments[skuClass];
    }

    double lastReplenishment(int skuClass) {
        return lastReplenishment[skuClass];
    }

    /** Sum over SKUs of units on hand times the class's rate: the holding cost per hour right now. */
    double holdingPerHour(double[] ratePerClass) {
        double total = 0;
        for (int c = 0; c < CLASSES; c++) {
            for (int s = first[c]; s < first[c] + count[c]; s++) {
                total += onHand[s] * ratePerClass[c]; // SKUs in ascending order, as ever: the same sum bit for bit
            }
        }
        return total;
    }
}
