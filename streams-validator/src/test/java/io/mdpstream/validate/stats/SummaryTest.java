package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.mdpstream.events.Moments;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryTest {

    private static final double[] QS = {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

    @Test
    void shouldPutSmallWholeNumbersInTheBucketTheLogarithmGives() {
        // Whole numbers up to 1024 take their bucket from a table; it must be the one the definition gives.
        for (int k = 1; k <= 1024; k++) {
            assertThat(Summary.index(k)).as("index of %d", k).isEqualTo(Summary.logIndex(k));
            double above = Math.nextUp((double) k);
            assertThat(Summary.index(above)).as("index of %s", above).isEqualTo(Summary.logIndex(above));
        }
        assertThat(Summary.index(1025)).isEqualTo(Summary.logIndex(1025));
        assertThat(Summary.index(0.5)).isEqualTo(Summary.logIndex(0.5));
        // A bucket boundary falls between 49 and 50 (gamma^195 is about 49.4): the table must keep them apart.
        assertThat(Summary.index(50)).isEqualTo(Summary.index(49) + 1);
    }

    @Test
    void shouldMatchADirectComputationOfMeanStdMinMax() {
        double[] values = Samples.normal(1, 10_000, 5, 3);
        Summary summary = Summary.of(values);

        double mean = Arrays.stream(values).sum() / values.length;
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        assertThat(summary.count()).isEqualTo(values.length);
        assertThat(summary.mean()).isCloseTo(mean, within(1e-12 * Math.abs(mean)));
        assertThat(summary.std()).isCloseTo(Math.sqrt(squares / values.length), within(1e-12));
        assertThat(summary.min()).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(summary.max()).isEqualTo(Arrays.stream(values).max().orElseThrow());
    }

    static Iterable<Arguments> samples() {
        return java.util.List.of(
                Arguments.of("normal", Samples.normal(2, 20_000, 0, 1)),
                Arguments.of("exponential", Samples.exponential(3, 20_000, 2)),
                Arguments.of("mixed sign", Samples.mixedSign(4, 20_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldEstimateQuantilesWithinTheRelativeAccuracy(String name, double[] values) {
        Summary summary = Summary.of(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        for (double q : QS) {
            double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
            assertThat(summary.quantile(q))
                    .as("%s quantile %s", name, q)
                    .isCloseTo(exact, within(Summary.RELATIVE_ACCURACY * Math.abs(exact) + 1e-12));
        }
        assertThat(summary.quantile(0)).isEqualTo(sorted[0]);
        assertThat(summary.quantile(1)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void shouldEstimateTheCdfOfANormalSample() {
        Summary summary = Summary.of(Samples.normal(5, 20_000, 0, 1));

        assertThat(summary.cdf(0)).isCloseTo(0.5, within(0.02));
        assertThat(summary.cdf(1)).isCloseTo(0.8413, within(0.02));
        assertThat(summary.cdf(-2)).isCloseTo(0.0228, within(0.01));
        assertThat(summary.cdf(-100)).isZero();
        assertThat(summary.cdf(100)).isEqualTo(1);
    }

    @Test
    void shouldMergeTwoHalvesIntoWhatOnePassGives() {
        double[] values = Samples.mixedSign(6, 10_001);
        Summary onePass = Summary.of(values);
        Summary first = Summary.of(Arrays.copyOfRange(values, 0, 3_000));
        Summary second = Summary.of(Arrays.copyOfRange(values, 3_000, values.length));

        Summary merged = first.copy().merge(second);

        assertThat(merged.count()).isEqualTo(onePass.count());
        assertThat(merged.mean()).isCloseTo(onePass.mean(), withinPercentage(1e-7));
        assertThat(merged.variance()).isCloseTo(onePass.variance(), withinPercentage(1e-7));
        assertThat(merged.min()).isEqualTo(onePass.min());
        assertThat(merged.max()).isEqualTo(onePass.max());
        assertThat(merged.zeroCount()).isEqualTo(onePass.zeroCount());
        assertThat(merged.negativeStore()).isEqualTo(onePass.negativeStore());
        assertThat(merged.positiveStore()).isEqualTo(onePass.positiveStore());
        for (double q : QS) {
            assertThat(merged.quantile(q)).isEqualTo(onePass.quantile(q));
        }
        assertThat(first.count()).as("merge leaves its argument alone").isEqualTo(3_000);
        assertThat(second.count()).isEqualTo(7_001);
    }

    @Test
    void shouldGiveTheSameBytesForTheSameValuesInTheSameOrder() throws IOException {
        double[] values = Samples.mixedSign(7, 5_000);

        assertThat(bytes(Summary.of(values))).isEqualTo(bytes(Summary.of(values)));
        assertThat(Summary.of(values)).isEqualTo(Summary.of(values));
    }

    @Test
    void shouldLeaveNonFiniteValuesOutButCountThem() {
        Summary summary = Summary.of(1, Double.NaN, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.nonFinite()).isEqualTo(3);
        assertThat(summary.mean()).isEqualTo(2);
        assertThat(summary.max()).isEqualTo(3);
    }

    @Test
    void shouldCountZerosAndTinyValuesAsZero() {
        Summary summary = Summary.of(0.0, Double.MIN_VALUE, 0.0, 5, 7);

        assertThat(summary.zeroCount()).isEqualTo(3);
        assertThat(summary.quantile(0.5)).isEqualTo(0.0);
        assertThat(summary.quantile(0.9)).isCloseTo(5, withinPercentage(1));
    }

    @Test
    void shouldDescribeAnEmptySummaryWithoutNaN() {
        Moments moments = new Summary().toMoments();

        assertThat(moments.getCount()).isZero();
        assertThat(moments.getMean()).isZero();
        assertThat(moments.getStd()).isZero();
        assertThat(moments.getMin()).isZero();
        assertThat(moments.getMax()).isZero();
        assertThat(moments.getQuantiles()).isEmpty();
        assertThat(new Summary().quantile(0.5)).isNaN();
    }

    @Test
    void shouldReportMomentsWithPopulationStdAndThreeQuantiles() {
        Moments moments = Summary.of(1, 2, 3, 4).toMoments();

        assertThat(moments.getCount()).isEqualTo(4);
        assertThat(moments.getMean()).isEqualTo(2.5);
        assertThat(moments.getStd()).isCloseTo(Math.sqrt(1.25), within(1e-15));
        assertThat(moments.getMin()).isEqualTo(1);
        assertThat(moments.getMax()).isEqualTo(4);
        assertThat(moments.getQuantiles()).containsOnlyKeys("p50", "p90", "p99");
        assertThat(moments.getQuantiles().get("p50")).isCloseTo(2, withinPercentage(1));
        assertThat(moments.getQuantiles().get("p99")).isCloseTo(3, withinPercentage(1));
    }

    @Test
    void shouldKeepTheTopQuantilesAccurateWhenTheRangeExceedsTheBucketCap() {
        // Magnitudes from 1e-30 to 1e32: about 7000 buckets' worth, so the smallest fold together.
        double[] values = wideRange();
        Summary summary = Summary.of(values);
        Arrays.sort(values);
        BucketStore positive = summary.positiveStore();
        assertThat(positive.maxIndex() - positive.minIndex() + 1).isEqualTo(Summary.MAX_BUCKETS_PER_SIGN);
        assertThat(positive.total()).isEqualTo(summary.count());
        // 1024 buckets span a factor of about 8e8, so everything below ~1e23 (the lowest 87 %) is folded.
        for (double q : new double[] {0.9, 0.99, 0.999}) {
            double exact = values[(int) Math.floor(q * (values.length - 1))];
            assertThat(summary.quantile(q)).as("quantile %s", q).isCloseTo(exact, withinPercentage(1));
        }
        assertThat(summary.quantile(0.5)).as("a folded value is overestimated")
                .isGreaterThan(1e22)
                .isLessThan(values[(int) Math.floor(0.9 * (values.length - 1))]);
    }

    @Test
    void shouldRejectAQuantileOutsideZeroToOne() {
        Summary summary = Summary.of(1);

        assertThatThrownBy(() -> summary.quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> summary.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] wideRange() {
        double[] values = new double[61 * 100];
        int i = 0;
        for (int e = -30; e <= 30; e++) {
            for (int k = 1; k <= 100; k++) {
                values[i++] = k * Math.pow(10, e);
            }
        }
        return values;
    }

    @Test
    void shouldReportTheSameQuantilesInMomentsAsOneByOne() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int round = 0; round < 500; round++) {
            Summary summary = new Summary();
            int n = random.nextInt(1, 60);
            for (int k = 0; k < n; k++) {
                // Negatives, zeros and positives over several decades, and repeats.
                double value = switch (random.nextInt(4)) {
                    case 0 -> 0.0;
                    case 1 -> -Math.exp(random.nextDouble(-5, 5));
                    case 2 -> Math.exp(random.nextDouble(-5, 5));
                    default -> random.nextInt(-3, 4);
                };
                summary.add(value);
            }

            Moments moments = summary.toMoments();

            assertThat(moments.getQuantiles()).containsExactly(
                    org.assertj.core.api.Assertions.entry("p50", summary.quantile(0.5)),
                    org.assertj.core.api.Assertions.entry("p90", summary.quantile(0.9)),
                    org.assertj.core.api.Assertions.entry("p99", summary.quantile(0.99)));
        }
    }

    private static byte[] bytes(Summary summary) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            SummaryBinary.write(out, summary);
        }
        return buffer.toByteArray();
    }


    @Test
    void aSummaryOfMomentsOnlyShouldGiveTheSameMomentsAndNoQuantiles() {
        Summary sketched = new Summary();
        Summary moments = Summary.momentsOnly();
        double[] values = {3, -1.5, 0, 7.25, 1e-320, 42};
        for (double v : values) {
            sketched.add(v);
            moments.add(v);
        }
        moments.addAll(values, 0, 1, values.length); // the column path too
        sketched.addAll(values, 0, 1, values.length);

        assertThat(moments.sketched()).isFalse();
        assertThat(List.of(moments.count(), moments.mean(), moments.std(), moments.min(), moments.max()))
                .isEqualTo(List.of(sketched.count(), sketched.mean(), sketched.std(), sketched.min(), sketched.max()));
        assertThat(moments.quantile(0)).isEqualTo(-1.5);
        assertThat(moments.quantile(1)).isEqualTo(42);
        assertThat(moments.quantile(0.5)).as("unknown without a sketch").isNaN();
        assertThat(moments.cdf(3)).isNaN();
        Moments out = moments.toMoments();
        assertThat(out.getQuantiles()).isEmpty();
        assertThat(out.getMean()).isEqualTo(sketched.toMoments().getMean());
    }

    @Test
    void mergingASummaryWithoutASketchShouldLeaveNoSketch() {
        Summary sketched = Summary.of(1, 2, 3);
        Summary moments = Summary.momentsOnly().add(10).add(20);

        Summary both = sketched.copy().merge(moments);
        Summary other = moments.copy().merge(sketched);

        // Quantiles of the sketch alone would leave out 10 and 20.
        assertThat(both.sketched()).isFalse();
        assertThat(both.toMoments().getQuantiles()).isEmpty();
        assertThat(both.count()).isEqualTo(5);
        assertThat(both.mean()).isEqualTo(7.2, within(1e-12));
        assertThat(both.max()).isEqualTo(20);
        assertThat(other.sketched()).isFalse();
        assertThat(other.mean()).isEqualTo(7.2, within(1e-12));
        assertThat(Summary.of(4).merge(Summary.momentsOnly()).sketched()).as("an empty one adds nothing").isTrue();
    }

    @Test
    void aSummaryOfMomentsOnlyShouldReadBackAsOne() {
        WindowStats window = new WindowStats(false).addState(java.util.Map.of("queue", 3.0)).addReward(1.5);

        WindowStats back = WindowStatsSerde.fromBytes(WindowStatsSerde.toBytes(window));

        assertThat(back).isEqualTo(window);
        assertThat(back.features().get("queue").sketched()).isFalse();
        assertThat(back.reward().sketched()).isTrue();
        assertThat(back.featureQuantiles()).as("a feature new to it keeps the moments only too").isFalse();
    }
}
