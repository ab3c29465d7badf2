package io.mdpstream.sim.params;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A choice among named categories with weights, e.g. ticket priorities {@code {P1: 0.05, P2: 0.25,
 * P3: 0.7}}. Weights need not sum to one.
 */
public final class Categorical {

    private final List<String> names;
    private final double[] cumulative;

    Categorical(List<String> names, double[] weights) {
        this.names = List.copyOf(names);
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    /** The categories, in file order. */
    public List<String> names() {
        return names;
    }

    /** Probability of category {@code index}. */
    public double probability(int index) {
        double total = cumulative[cumulative.length - 1];
        return (cumulative[index] - (index == 0 ? 0 : cumulative[index - 1])) / total;
    }

    /** Index of a category drawn with the weights. */
    public int sampleIndex(RandomGenerator random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    public String sample(RandomGenerator random) {
        return names.get(sampleIndex(random));
    }
}
