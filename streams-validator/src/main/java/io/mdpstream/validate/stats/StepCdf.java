package io.mdpstream.validate.stats;

import java.util.Arrays;

/**
 * The distribution function of a {@link Summary}'s values rounded to their buckets' representatives: a step function
 * with a step at each non-empty bucket's representative (its negation for negative values, 0 for the zero count).
 *
 * <p>The rounding is the same monotone map for every summary, so two of these compare like the two samples would
 * after the same rounding; no step is moved to the summary's min or max, which would make a sketch whose extreme
 * lies inside a bucket look different from one whose values continue past it. Immutable.
 */
final class StepCdf {

    /** Step positions, strictly ascending. */
    private final double[] xs;
    /** Values at or below {@code xs[k]}. */
    private final long[] cumulative;
    private final double total;

    private StepCdf(double[] xs, long[] cumulative) {
        this.xs = xs;
        this.cumulative = cumulative;
        this.total = cumulative[cumulative.length - 1];
    }

    /** @throws IllegalArgumentException if the summary is empty */
    static StepCdf of(Summary summary) {
        if (summary.count() == 0) {
            throw new IllegalArgumentException("an empty summary has no distribution");
        }
        BucketStore negative = summary.negativeStore();
        BucketStore positive = summary.positiveStore();
        int capacity = 1 + (negative.isEmpty() ? 0 : negative.maxIndex() - negative.minIndex() + 1)
                + (positive.isEmpty() ? 0 : positive.maxIndex() - positive.minIndex() + 1);
        double[] xs = new double[capacity];
        long[] cumulative = new long[capacity];
        int size = 0;
        long seen = 0;
        if (!negative.isEmpty()) {
            for (int i = negative.maxIndex(); i >= negative.minIndex(); i--) {
                long count = negative.count(i);
                if (count > 0) {
                    seen += count;
                    xs[size] = -Summary.representative(i);
                    cumulative[size++] = seen;
                }
            }
        }
        if (summary.zeroCount() > 0) {
            seen += summary.zeroCount();
            xs[size] = 0;
            cumulative[size++] = seen;
        }
        if (!positive.isEmpty()) {
            for (int i = positive.minIndex(); i <= positive.maxIndex(); i++) {
                long count = positive.count(i);
                if (count > 0) {
                    seen += count;
                    xs[size] = Summary.representative(i);
                    cumulative[size++] = seen;
                }
            }
        }
        return new StepCdf(Arrays.copyOf(xs, size), Arrays.copyOf(cumulative, size));
    }

    /** Step positions in ascending order. */
    double[] steps() {
        return xs.clone();
    }

    /** Share of rounded values {@code <= x}. */
    double at(double x) {
        int k = lastAtOrBelow(x);
        return k < 0 ? 0 : cumulative[k] / total;
    }

    /** The rounded value of rank {@code floor(q * (count - 1))}, as {@link Summary#quantile} before clamping. */
    double quantile(double q) {
        double rank = q * (total - 1);
        for (int k = 0; k < xs.length; k++) {
            if (cumulative[k] > rank) {
                return xs[k];
            }
        }
        return xs[xs.length - 1];
    }

    private int lastAtOrBelow(double x) {
        int lo = 0;
        int hi = xs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
