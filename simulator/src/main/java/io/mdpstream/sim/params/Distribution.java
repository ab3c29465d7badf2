package io.mdpstream.sim.params;

import java.util.random.RandomGenerator;

/**
 * A univariate distribution declared in a parameter file, e.g. {@code {dist: lognormal, median: 45,
 * sigma: 0.4}}. Immutable; sampling draws from the generator it is given, so the caller chooses the
 * stream.
 */
public interface Distribution {

    double sample(RandomGenerator random);

    /** The distribution's mean (for heuristics and documentation). */
    double mean();

    /** The smallest value it can produce. */
    double minimum();

    /** A value that never changes. */
    static Distribution constant(double value) {
        return new Distributions.Constant(value);
    }
}
