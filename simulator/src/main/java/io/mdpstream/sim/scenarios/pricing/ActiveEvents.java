package io.mdpstream.sim.scenarios.pricing;

import java.util.Arrays;

/**
 * The occurrences of a rare event that are under way, each with the category it hit (or -1) and its
 * magnitude. The end callback of a rare event names only its magnitude, so an occurrence is found
 * again by that magnitude. Overlaps are rare, so a few slots suffice; it grows if needed.
 *
 * <p>Not thread-safe; owned by one episode.
 */
final class ActiveEvents {

    private int[] categories = new int[2];
    private double[] magnitudes = new double[2];
    private int size;

    void add(int category, double magnitude) {
        if (size == magnitudes.length) {
            categories = Arrays.copyOf(categories, size * 2);
            magnitudes = Arrays.copyOf(magnitudes, size * 2);
        }
        categories[size] = category;
        magnitudes[size] = magnitude;
        size++;
    }

    /**
     * Removes the oldest occurrence with this magnitude.
     *
     * @return the category it hit
     * @throws IllegalStateException when none is under way
     */
    int remove(double magnitude) {
        for (int i = 0; i < size; i++) {
            if (Double.compare(magnitudes[i], magnitude) == 0) {
                int category = categories[i];
                System.arraycopy(categories, i + 1, categories, i, size - i - 1);
                System.arraycopy(magnitudes, i + 1, magnitudes, i, size - i - 1);
                size--;
                return category;
            }
        }
        throw new IllegalStateException("no occurrence of magnitude " + magnitude + " is under way");
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The largest magnitude under way, clamped to [0, 0.95] as a discount; 0 when none. */
    double largestDiscount() {
        double largest = 0;
        for (int i = 0; i < size; i++) {
            largest = Math.max(largest, magnitudes[i]);
        }
        return Math.min(0.95, largest);
    }

    /** The product of the magnitudes under way for {@code category}, each clamped to [0.1, 50]; 1 when none. */
    double combinedMultiplier(int category) {
        double product = 1;
        for (int i = 0; i < size; i++) {
            if (categories[i] == category) {
                product *= Math.max(0.1, Math.min(50, magnitudes[i]));
            }
        }
        return product;
    }
}
