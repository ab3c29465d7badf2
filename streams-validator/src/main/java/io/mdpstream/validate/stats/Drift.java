package io.mdpstream.validate.stats;

import io.mdpstream.events.DriftMetric;
import io.mdpstream.events.DriftScore;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Distances between a reference distribution and a current one, both given as {@link Summary} sketches.
 *
 * <p><b>Approximation.</b> Neither sample is kept, so each statistic is computed exactly (no grid, no sampling) for
 * the two samples with every value replaced by its sketch bucket's representative, which is within
 * {@link Summary#RELATIVE_ACCURACY} (1 %) of it in relative terms (0 for zeros). The rounding is one monotone map for
 * both samples, so:
 * <ul>
 *   <li>KS can only come out lower than for the raw samples, by at most the share of values in the bucket where the
 *       two distribution functions differ most; rounding never invents drift, and discrete values (counts, flags)
 *       compare exactly.</li>
 *   <li>Wasserstein is within 1 % of {@code E|X| + E|Y|} of the raw samples' distance (each rounded sample is that
 *       close to its raw one).</li>
 *   <li>PSI bins are cut at the rounded reference's deciles; a value goes to the same bin as its representative.</li>
 * </ul>
 * Where a summary folded buckets of small magnitude (see {@link Summary}), those values are rounded up to the lowest
 * remaining bucket, so the bounds hold only above it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Drift {

    /** Smallest bin share PSI uses, so an empty bin gives a large but finite term instead of infinity. */
    public static final double PSI_EPSILON = 1e-4;
    /** Number of PSI bins, cut at the reference's quantiles 0.1, 0.2, ..., 0.9. */
    public static final int PSI_BINS = 10;

    private Drift() {
    }

    /**
     * Kolmogorov-Smirnov statistic: the largest absolute difference between the two distribution functions.
     *
     * @return a value in [0, 1]
     * @throws IllegalArgumentException if either summary is empty
     * @throws NullPointerException     if either summary is null
     */
    public static double ks(Summary reference, Summary current) {
        StepCdf a = cdf(reference, "reference");
        StepCdf b = cdf(current, "current");
        double largest = 0;
        // Both are right-continuous step functions, constant between steps: the largest gap is at a step.
        for (double x : union(a.steps(), b.steps())) {
            largest = Math.max(largest, Math.abs(a.at(x) - b.at(x)));
        }
        return largest;
    }

    /**
     * Population stability index over {@value #PSI_BINS} bins cut at the reference's deciles:
     * {@code sum((c - r) * ln(c / r))} over the bins' shares {@code r} in the reference and {@code c} in the current
     * distribution, each share at least {@link #PSI_EPSILON}.
     *
     * @return a value >= 0
     * @throws IllegalArgumentException if either summary is empty
     * @throws NullPointerException     if either summary is null
     */
    public static double psi(Summary reference, Summary current) {
        StepCdf a = cdf(reference, "reference");
        StepCdf b = cdf(current, "current");
        double psi = 0;
        double previousA = 0;
        double previousB = 0;
        for (int bin = 1; bin <= PSI_BINS; bin++) {
            double nextA;
            double nextB;
            if (bin == PSI_BINS) {
                nextA = 1;
                nextB = 1;
            } else {
                double edge = a.quantile((double) bin / PSI_BINS);
                nextA = a.at(edge);
                nextB = b.at(edge);
            }
            double r = Math.max(PSI_EPSILON, nextA - previousA);
            double c = Math.max(PSI_EPSILON, nextB - previousB);
            psi += (c - r) * Math.log(c / r);
            previousA = nextA;
            previousB = nextB;
        }
        return psi;
    }

    /**
     * Wasserstein-1 (earth mover's) distance: the integral of the absolute difference of the two distribution
     * functions, in the variable's own units.
     *
     * @return a value >= 0
     * @throws IllegalArgumentException if either summary is empty
     * @throws NullPointerException     if either summary is null
     */
    public static double wasserstein(Summary reference, Summary current) {
        StepCdf a = cdf(reference, "reference");
        StepCdf b = cdf(current, "current");
        double[] xs = union(a.steps(), b.steps());
        double area = 0;
        // Both are constant between consecutive steps: the integral is a sum of rectangles.
        for (int i = 0; i + 1 < xs.length; i++) {
            area += Math.abs(a.at(xs[i]) - b.at(xs[i])) * (xs[i + 1] - xs[i]);
        }
        return area;
    }

    /**
     * KS, PSI and Wasserstein scores of one feature, in that order, or none when either summary has fewer than
     * {@link DriftThresholds#minCount()} finite values or no sketch ({@link Summary#momentsOnly()}).
     *
     * @param feature    the name the scores carry
     * @param reference  the reference distribution
     * @param current    the window's distribution
     * @param thresholds when a score counts as drifted
     * @throws NullPointerException if any argument is null
     */
    public static List<DriftScore> scores(String feature, Summary reference, Summary current,
            DriftThresholds thresholds) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(thresholds, "thresholds");
        // Nothing to score without both distributions (a summary of the moments only has none).
        if (reference.count() < thresholds.minCount() || current.count() < thresholds.minCount()
                || !reference.sketched() || !current.sketched()) {
            return List.of();
        }
        return List.of(
                score(feature, DriftMetric.KS, ks(reference, current), thresholds.ks()),
                score(feature, DriftMetric.PSI, psi(reference, current), thresholds.psi()),
                score(feature, DriftMetric.WASSERSTEIN, wasserstein(reference, current),
                        thresholds.wassersteinThreshold(reference.std())));
    }

    private static DriftScore score(String feature, DriftMetric metric, double value, double threshold) {
        return DriftScore.newBuilder()
                .setFeature(feature)
                .setMetric(metric)
                .setValue(value)
                .setThreshold(threshold)
                .setDrifted(value > threshold)
                .build();
    }

    private static StepCdf cdf(Summary summary, String name) {
        Objects.requireNonNull(summary, name);
        if (summary.count() == 0) {
            throw new IllegalArgumentException(name + " summary is empty");
        }
        if (!summary.sketched()) {
            throw new IllegalArgumentException(name + " summary keeps the moments only, no distribution");
        }
        return StepCdf.of(summary);
    }

    private static double[] union(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        int size = 0;
        for (int i = 0; i < all.length; i++) {
            if (size == 0 || all[i] != all[size - 1]) {
                all[size++] = all[i];
            }
        }
        return Arrays.copyOf(all, size);
    }
}
