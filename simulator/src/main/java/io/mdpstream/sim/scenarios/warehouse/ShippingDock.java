package io.mdpstream.sim.scenarios.warehouse;

import java.util.Arrays;

/**
 * Packed orders waiting for the next departure, kept only as what their shipment will earn: the
 * margin per releasing decision. Orders released in the same release cycle share an entry, so a
 * full dock before a departure costs a few hundred bytes rather than an object per order.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class ShippingDock {

    private int[] steps = new int[4];
    private double[] margins = new double[4];
    private int entries;
    private int orders;

    /** A packed order arrives on the dock. */
    void add(int releaseStep, double margin) {
        orders++;
        for (int i = entries - 1; i >= 0 && i >= entries - 4; i--) {
            if (steps[i] == releaseStep) {
                margins[i] += margin;
                return;
            }
        }
        if (entries == steps.length) {
            steps = Arrays.copyOf(steps, entries * 2);
            margins = Arrays.copyOf(margins, entries * 2);
        }
        steps[entries] = releaseStep;
        margins[entries] = margin;
        entries++;
    }

    /** Orders on the dock. */
    int orders() {
        return orders;
    }

    int entries() {
        return entries;
    }

    int step(int entry) {
        return steps[entry];
    }

    double margin(int entry) {
        return margins[entry];
    }

    /** The truck has left with everything. */
    void clear() {
        entries = 0;
        orders = 0;
    }
}
