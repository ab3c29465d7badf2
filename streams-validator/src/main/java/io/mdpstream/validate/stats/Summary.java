package io.mdpstream.validate.stats;

import io.mdpstream.events.Moments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A mergeable summary of one numeric variable: count, mean and variance (Welford's update, Chan's parallel merge),
 * exact min and max, and a quantile sketch with bounded memory.
 *
 * <p><b>Sketch.</b> A DDSketch-style log-bucketed histogram: a positive value {@code x} goes to bucket
 * {@code ceil(log(x) / log(gamma))} with {@code gamma = (1 + a) / (1 - a)} and {@code a = }{@value #RELATIVE_ACCURACY},
 * negative values to a second histogram of their magnitudes, and values with magnitude below
 * {@link Double#MIN_NORMAL} (times gamma) to a zero count. Each sign keeps at most {@value #MAX_BUCKETS_PER_SIGN}
 * buckets, a range of magnitudes of about 8e8 to 1; beyond that the buckets of smallest magnitude are folded together,
 * which loses accuracy only for values near zero. Each bucket is a range of magnitudes whose ends differ by a factor
 * of gamma, so {@link #quantile(double)} is within a relative error of {@code a} of the sample value of that rank as
 * long as no bucket was folded.
 *
 * <p><b>Determinism.</b> The state depends only on the values added (and for the floating-point moments, on their
 * order): the same values in the same order give equal summaries and the same serialized bytes. The sketch and counts
 * do not depend on the order at all, so merging partial summaries gives the same sketch as one pass.
 *
 * <p><b>Non-finite values.</b> NaN and infinities are not part of any statistic; they are counted by
 * {@link #nonFinite()}.
 *
 * <p><b>Moments only.</b> A summary made by {@link #momentsOnly()} keeps no sketch: count, mean, variance, min and
 * max only, at a fraction of the cost (no bucket to find per value, none to merge or write). Its quantiles are unknown
 * ({@link #quantile(double)} NaN between the exact min and max, {@link #cdf(double)} NaN, no quantiles in
 * {@link #toMoments()}). Merging a summary without a sketch into one with a sketch leaves it without (the sketch would
 * miss those values); the other way round only the moments are taken.
 *
 * <p><b>Empty summary.</b> {@link #mean()}, {@link #variance()} and {@link #std()} are 0; {@link #min()},
 * {@link #max()}, {@link #quantile(double)} and {@link #cdf(double)} are NaN; {@link #toMoments()} gives count 0,
 * zeros for mean, std, min and max, and no quantiles (there is nothing to estimate, and a 0 would look like one).
 *
 * <p>Not thread-safe: an accumulator for one aggregation. {@code equals} compares state, so don't use a summary as a
 * hash key while it still changes.
 */
public final class Summary {

    /** Relative accuracy of {@link #quantile(double)}. */
    public static final double RELATIVE_ACCURACY = 0.01;
    /** Bucket cap of each sign's histogram. */
    public static final int MAX_BUCKETS_PER_SIGN = 1024;

    /** The quantiles {@link #toMoments()} reports: p50, p90, p99. */
    private static final double[] MOMENT_QUANTILES = {0.5, 0.9, 0.99};

    static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Below this magnitude a value counts as zero; keeps indices in a small int range. */
    static final double MIN_INDEXABLE = Double.MIN_NORMAL * GAMMA;
    /** {@link #logIndex} of 0 .. 1024, worked out once (the entry for 0 is never used: zero is counted apart). */
    private static final int[] SMALL_WHOLE_INDICES = IntStream.rangeClosed(0, 1024).map(Summary::logIndex).toArray();
    static final int MIN_INDEX = index(MIN_INDEXABLE);
    static final int MAX_INDEX = index(Double.MAX_VALUE);

    private long count;
    private long nonFinite;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long zeroCount;
    private BucketStore negative;
    private BucketStore positive;
    /** Whether the buckets and the zero count hold every finite value added (see {@link #momentsOnly}). */
    private boolean sketched;

    /** An empty summary, with a quantile sketch. */
    public Summary() {
        this(new BucketStore(MAX_BUCKETS_PER_SIGN), new BucketStore(MAX_BUCKETS_PER_SIGN), true);
    }

    private Summary(BucketStore negative, BucketStore positive, boolean sketched) {
        this.negative = negative;
        this.positive = positive;
        this.sketched = sketched;
    }

    /** An empty summary that keeps the moments only, without a quantile sketch. */
    public static Summary momentsOnly() {
        return new Summary(new BucketStore(MAX_BUCKETS_PER_SIGN), new BucketStore(MAX_BUCKETS_PER_SIGN), false);
    }

    /** Whether this summary has a quantile sketch (it was not made by {@link #momentsOnly()} nor merged with one that was). */
    public boolean sketched() {
        return sketched;
    }

    /** A summary of the given values, added in order. */
    public static Summary of(double... values) {
        Summary summary = new Summary();
        for (double value : values) {
            summary.add(value);
        }
        return summary;
    }

    /**
     * Adds one value; a NaN or infinite one only increments {@link #nonFinite()}.
     *
     * @return this summary
     */
    public Summary add(double value) {
        if (!Double.isFinite(value)) {
            nonFinite++;
            return this;
        }
        double magnitude = Math.abs(value);
        addFinite(value, !sketched || magnitude < MIN_INDEXABLE ? 0 : index(magnitude));
        return this;
    }

    /** Adds a finite value whose bucket index is {@code index} (unused when the value counts as zero). */
    private void addFinite(double value, int index) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (!sketched) {
            return;
        }
        if (Math.abs(value) < MIN_INDEXABLE) {
            zeroCount++;
        } else if (value > 0) {
            positive.add(index, 1);
        } else {
            negative.add(index, 1);
        }
    }

    /**
     * Adds {@code n} values, {@code values[from]}, {@code values[from + stride]} and so on, as {@link #add} would one by
     * one, but making room in the sketch for all of them first, so that a spread column widens each store once.
     */
    void addAll(double[] values, int from, int stride, int n) {
        if (!sketched) {
            for (int k = 0, at = from; k < n; k++, at += stride) {
                add(values[at]);
            }
            return;
        }
        int[] indices = new int[n];
        int posLo = Integer.MAX_VALUE;
        int posHi = Integer.MIN_VALUE;
        int negLo = Integer.MAX_VALUE;
        int negHi = Integer.MIN_VALUE;
        for (int k = 0, at = from; k < n; k++, at += stride) {
            double value = values[at];
            double magnitude = Math.abs(value);
            if (magnitude >= MIN_INDEXABLE && magnitude <= Double.MAX_VALUE) {
                int index = index(magnitude);
                indices[k] = index;
                if (value > 0) {
                    posLo = Math.min(posLo, index);
                    posHi = Math.max(posHi, index);
                } else {
                    negLo = Math.min(negLo, index);
                    negHi = Math.max(negHi, index);
                }
            }
        }
        positive.presize(posLo, posHi);
        negative.presize(negLo, negHi);
        for (int k = 0, at = from; k < n; k++, at += stride) {
            double value = values[at];
            if (Double.isFinite(value)) {
                addFinite(value, indices[k]);
            } else {
                nonFinite++;
            }
        }
    }

    /**
     * Adds everything {@code other} summarizes to this summary; {@code other} is unchanged.
     *
     * @return this summary
     * @throws NullPointerException if {@code other} is null
     */
    public Summary merge(Summary other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            return merge(other.copy());
        }
        nonFinite += other.nonFinite;
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            mean = other.mean;
            m2 = other.m2;
        } else {
            long n = count + other.count;
            double delta = other.mean - mean;
            mean += delta * ((double) other.count / n);
            m2 += other.m2 + delta * delta * ((double) count * other.count / n);
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (sketched && !other.sketched) {
            dropSketch();
        }
        if (sketched) {
            zeroCount += other.zeroCount;
            negative.merge(other.negative);
            positive.merge(other.positive);
        }
        return this;
    }

    /** The sketch no longer holds every value: forget it, so that no quantile is estimated from part of them. */
    private void dropSketch() {
        sketched = false;
        zeroCount = 0;
        negative = new BucketStore(MAX_BUCKETS_PER_SIGN);
        positive = new BucketStore(MAX_BUCKETS_PER_SIGN);
    }

    /** An independent copy. */
    public Summary copy() {
        return (sketched ? new Summary() : momentsOnly()).merge(this);
    }

    /** Number of finite values added. */
    public long count() {
        return count;
    }

    /** Number of NaN or infinite values seen (and left out of every statistic). */
    public long nonFinite() {
        return nonFinite;
    }

    /** Arithmetic mean; 0 when empty. */
    public double mean() {
        return count == 0 ? 0 : mean;
    }

    /** Population variance (divided by n); 0 when empty. */
    public double variance() {
        return count == 0 ? 0 : Math.max(0, m2 / count);
    }

    /** Population standard deviation; 0 when empty. */
    public double std() {
        return Math.sqrt(variance());
    }

    /** Smallest value; NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Largest value; NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /**
     * Estimates the value of rank {@code floor(q * (count - 1))} in sorted order (0-based): the midpoint, in the
     * relative sense, of the bucket that holds it, clamped to {@code [min, max]}. {@code quantile(0)} is the exact
     * min and {@code quantile(1)} the exact max.
     *
     * @param q a probability in [0, 1]
     * @return the estimate, or NaN when empty (and strictly between 0 and 1, without a sketch)
     * @throws IllegalArgumentException if {@code q} is outside [0, 1] or NaN
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], was " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        if (q == 0) {
            return min;
        }
        if (q == 1) {
            return max;
        }
        if (!sketched) {
            return Double.NaN;
        }
        double rank = q * (count - 1);
        long seen = 0;
        if (!negative.isEmpty()) {
            for (int i = negative.maxIndex(); i >= negative.minIndex(); i--) {
                seen += negative.count(i);
                if (seen > rank) {
                    return clamp(-representative(i));
                }
            }
        }
        seen += zeroCount;
        if (seen > rank) {
            return clamp(0);
        }
        if (!positive.isEmpty()) {
            for (int i = positive.minIndex(); i <= positive.maxIndex(); i++) {
                seen += positive.count(i);
                if (seen > rank) {
                    return clamp(representative(i));
                }
            }
        }
        return max;
    }

    /**
     * {@link #quantile(double)} of each of {@code qs}, in one pass over the buckets.
     *
     * @param qs probabilities in (0, 1), ascending
     */
    double[] quantiles(double[] qs) {
        double[] out = new double[qs.length];
        if (count == 0 || !sketched) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        int next = 0;
        double rank = qs[0] * (count - 1);
        long seen = 0;
        if (!negative.isEmpty()) {
            for (int i = negative.maxIndex(); i >= negative.minIndex() && next < qs.length; i--) {
                seen += negative.count(i);
                while (next < qs.length && seen > rank) {
                    out[next++] = clamp(-representative(i));
                    rank = next < qs.length ? qs[next] * (count - 1) : 0;
                }
            }
        }
        seen += zeroCount;
        while (next < qs.length && seen > rank) {
            out[next++] = clamp(0);
            rank = next < qs.length ? qs[next] * (count - 1) : 0;
        }
        if (!positive.isEmpty()) {
            for (int i = positive.minIndex(); i <= positive.maxIndex() && next < qs.length; i++) {
                seen += positive.count(i);
                while (next < qs.length && seen > rank) {
                    out[next++] = clamp(representative(i));
                    rank = next < qs.length ? qs[next] * (count - 1) : 0;
                }
            }
        }
        while (next < qs.length) {
            out[next++] = max;
        }
        return out;
    }

    /**
     * Estimates the fraction of values {@code <= x}: 0 below the exact min, 1 from the exact max on, and in between
     * the fraction of values whose bucket's representative is {@code <= x} (so off by at most the values in the bucket
     * that holds {@code x}).
     *
     * @return the estimate in [0, 1], or NaN when empty, without a sketch, or when {@code x} is NaN
     */
    public double cdf(double x) {
        if (count == 0 || !sketched || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < min) {
            return 0;
        }
        if (x >= max) {
            return 1;
        }
        return StepCdf.of(this).at(x);
    }

    /**
     * This summary as the Avro {@link Moments} record, with quantiles {@code p50}, {@code p90} and {@code p99} when it
     * has a sketch; see the class comment for the empty case.
     */
    public Moments toMoments() {
        Map<String, Double> quantiles = new LinkedHashMap<>(4);
        if (count > 0 && sketched) {
            double[] values = quantiles(MOMENT_QUANTILES);
            quantiles.put("p50", values[0]);
            quantiles.put("p90", values[1]);
            quantiles.put("p99", values[2]);
        }
        // The all-fields constructor: the builder's per-field validation and defaults cost more than the record here.
        return new Moments(count, mean(), std(), count == 0 ? 0.0 : min, count == 0 ? 0.0 : max, quantiles);
    }

    // ---- package-private state access, for StepCdf and the serialized forms ----

    double m2() {
        return m2;
    }

    long zeroCount() {
        return zeroCount;
    }

    BucketStore negativeStore() {
        return negative;
    }

    BucketStore positiveStore() {
        return positive;
    }

    /**
     * Rebuilds a summary from its serialized parts, checking that they are consistent.
     *
     * @throws IllegalArgumentException naming the first inconsistency
     */
    static Summary restore(long count, long nonFinite, double mean, double m2, double min, double max,
            long zeroCount, BucketStore negative, BucketStore positive) {
        requireNonNegative("count", count);
        requireNonNegative("nonFinite", nonFinite);
        requireNonNegative("zero count", zeroCount);
        if (negative.maxBuckets() != MAX_BUCKETS_PER_SIGN || positive.maxBuckets() != MAX_BUCKETS_PER_SIGN) {
            throw new IllegalArgumentException("bucket stores must have " + MAX_BUCKETS_PER_SIGN + " buckets");
        }
        long inSketch = zeroCount + negative.total() + positive.total();
        // An empty sketch beside values: a summary of the moments only (it writes no bucket).
        boolean sketched = inSketch == count;
        if (!sketched && inSketch != 0) {
            throw new IllegalArgumentException("sketch holds " + inSketch + " values but count is " + count);
        }
        Summary summary = new Summary(negative, positive, sketched);
        summary.count = count;
        summary.nonFinite = nonFinite;
        summary.zeroCount = zeroCount;
        if (count > 0) {
            if (!Double.isFinite(mean) || !Double.isFinite(m2) || m2 < 0) {
                throw new IllegalArgumentException("mean and m2 must be finite and m2 >= 0, were " + mean + ", " + m2);
            }
            if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
                throw new IllegalArgumentException("min and max must be finite with min <= max, were " + min + ", "
                        + max);
            }
            summary.mean = mean;
            summary.m2 = m2;
            summary.min = min;
            summary.max = max;
        }
        return summary;
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    static int index(double magnitude) {
        // Counts, levels and flags are small whole numbers: their indices are looked up, not computed with a logarithm.
        if (magnitude <= SMALL_WHOLE_INDICES.length - 1 && magnitude == (int) magnitude) {
            return SMALL_WHOLE_INDICES[(int) magnitude];
        }
        return logIndex(magnitude);
    }

    /** The bucket index by its definition, {@code ceil(log_gamma(magnitude))}. */
    static int logIndex(double magnitude) {
        return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
    }

    /** Smallest magnitude of bucket {@code index} (exclusive). */
    static double lowerBound(int index) {
        return Math.exp((index - 1) * LOG_GAMMA);
    }

    /** Largest magnitude of bucket {@code index} (inclusive). */
    static double upperBound(int index) {
        return Math.exp(index * LOG_GAMMA);
    }

    /** The magnitude within a relative {@code RELATIVE_ACCURACY} of every magnitude in bucket {@code index}. */
    static double representative(int index) {
        return 2 * upperBound(index) / (GAMMA + 1);
    }

    private double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Summary other)) {
            return false;
        }
        return count == other.count
                && sketched == other.sketched
                && nonFinite == other.nonFinite
                && Double.compare(mean(), other.mean()) == 0
                && Double.compare(count == 0 ? 0 : m2, other.count == 0 ? 0 : other.m2) == 0
                && Double.compare(min(), other.min()) == 0
                && Double.compare(max(), other.max()) == 0
                && zeroCount == other.zeroCount
                && negative.equals(other.negative)
                && positive.equals(other.positive);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, sketched, nonFinite, mean(), min(), max(), zeroCount, negative, positive);
    }

    @Override
    public String toString() {
        return "Summary[count=" + count + ", mean=" + mean() + ", std=" + std() + ", min=" + min() + ", max=" + max()
                + ", nonFinite=" + nonFinite + "]";
    }
}
