package io.mdpstream.validate.stats;

/**
 * When a {@link Drift} statistic counts as drift, and how many samples it takes to compute one at all. Immutable.
 *
 * <p>A metric has drifted when its value is strictly greater than its threshold. The Wasserstein-1 distance is in the
 * feature's own units, so its threshold is relative: {@code wassersteinStdFraction} times the reference's standard
 * deviation, or {@code wassersteinAbsolute} (in the feature's units) when the reference is constant (std 0), where a
 * relative threshold would flag any change at all.
 *
 * @param ks                     threshold of the Kolmogorov-Smirnov statistic, in (0, 1]
 * @param psi                    threshold of the population stability index, > 0
 * @param wassersteinStdFraction Wasserstein threshold as a fraction of the reference std, > 0
 * @param wassersteinAbsolute    Wasserstein threshold when the reference std is 0, > 0
 * @param minCount               fewest finite values, in the reference and in the window, for any score, >= 1
 */
public record DriftThresholds(double ks, double psi, double wassersteinStdFraction, double wassersteinAbsolute,
        long minCount) {

    /** KS 0.1, PSI 0.2, Wasserstein 0.1 std (0.1 absolute for a constant reference), at least 30 samples. */
    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.1, 0.2, 0.1, 0.1, 30);

    /** @throws IllegalArgumentException naming the first parameter out of range */
    public DriftThresholds {
        if (!(ks > 0 && ks <= 1)) {
            throw new IllegalArgumentException("ks must be in (0, 1], was " + ks);
        }
        requirePositive("psi", psi);
        requirePositive("wassersteinStdFraction", wassersteinStdFraction);
        requirePositive("wassersteinAbsolute", wassersteinAbsolute);
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
        }
    }

    /** The Wasserstein threshold for a reference with this standard deviation. */
    public double wassersteinThreshold(double referenceStd) {
        return referenceStd > 0 ? wassersteinStdFraction * referenceStd : wassersteinAbsolute;
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
        }
    }
}
