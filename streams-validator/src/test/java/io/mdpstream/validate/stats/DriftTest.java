package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mdpstream.events.DriftMetric;
import io.mdpstream.events.DriftScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftTest {

    private final Summary reference = Summary.of(Samples.normal(10, 10_000, 0, 1));

    @Test
    void shouldFindNoDriftBetweenTwoSamplesOfTheSameDistribution() {
        Summary current = Summary.of(Samples.normal(11, 10_000, 0, 1));

        assertThat(Drift.ks(reference, current)).isLessThan(0.03);
        assertThat(Drift.psi(reference, current)).isLessThan(0.01);
        assertThat(Drift.wasserstein(reference, current)).isLessThan(0.05);
        assertThat(Drift.scores("x", reference, current, DriftThresholds.DEFAULTS))
                .hasSize(3)
                .noneMatch(DriftScore::getDrifted);
    }

    @Test
    void shouldFindDriftWhenTheMeanMovesByOneStd() {
        Summary current = Summary.of(Samples.normal(12, 10_000, 1, 1));

        // sup |Phi(x) - Phi(x - 1)| = 2 Phi(0.5) - 1 = 0.3829
        assertThat(Drift.ks(reference, current)).isCloseTo(0.3829, within(0.03));
        assertThat(Drift.wasserstein(reference, current)).isCloseTo(1.0, within(0.05));
        assertThat(Drift.psi(reference, current)).isGreaterThan(0.2);
        List<DriftScore> scores = Drift.scores("x", reference, current, DriftThresholds.DEFAULTS);
        assertThat(scores).extracting(DriftScore::getMetric)
                .containsExactly(DriftMetric.KS, DriftMetric.PSI, DriftMetric.WASSERSTEIN);
        assertThat(scores).allMatch(DriftScore::getDrifted);
        assertThat(scores.get(2).getThreshold()).isCloseTo(0.1 * reference.std(), within(1e-12));
    }

    @Test
    void shouldBeZeroBetweenASummaryAndItself() {
        assertThat(Drift.ks(reference, reference)).isZero();
        assertThat(Drift.psi(reference, reference)).isZero();
        assertThat(Drift.wasserstein(reference, reference)).isZero();
    }

    @Test
    void shouldMeasureTheDistanceBetweenPointMassesWithinTheRoundingBound() {
        Summary ones = new Summary();
        Summary threes = new Summary();
        Summary zerosAndOnes = new Summary();
        for (int i = 0; i < 100; i++) {
            ones.add(1);
            threes.add(3);
            zerosAndOnes.add(0).add(1);
        }

        // Each value is rounded by at most 1 %: |W - 2| <= 0.01 * (E|X| + E|Y|).
        assertThat(Drift.wasserstein(ones, threes)).isCloseTo(2.0, within(Summary.RELATIVE_ACCURACY * (1 + 3)));
        assertThat(Drift.ks(ones, threes)).isEqualTo(1.0);
        // Half the mass moves from 0 to 1 (rounded to its bucket's representative, within 1 %).
        assertThat(Drift.wasserstein(zerosAndOnes, ones)).isCloseTo(0.5, within(0.5 * Summary.RELATIVE_ACCURACY));
        assertThat(Drift.ks(zerosAndOnes, ones)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldUseTheAbsoluteWassersteinThresholdForAConstantReference() {
        Summary constant = new Summary();
        Summary nearby = new Summary();
        for (int i = 0; i < 50; i++) {
            constant.add(5);
            nearby.add(5.05);
        }

        DriftScore wasserstein = Drift.scores("c", constant, nearby, DriftThresholds.DEFAULTS).get(2);

        assertThat(wasserstein.getThreshold()).isEqualTo(0.1);
        assertThat(wasserstein.getValue()).isCloseTo(0.05, within(0.01 * 5.05));
        assertThat(wasserstein.getDrifted()).isFalse();
    }

    @Test
    void shouldCompareDiscreteValuesExactlyWhateverTheirMinAndMax() {
        // Counts 1, 2, 3 against 1, 2: the extremes differ, the shared values must still line up.
        Summary reference = new Summary();
        Summary current = new Summary();
        for (int i = 0; i < 300; i++) {
            reference.add(1 + i % 3);
            current.add(1 + i % 2);
        }

        // F_ref = 1/3, 2/3, 1; F_cur = 1/2, 1, 1: the largest gap is at 2.
        assertThat(Drift.ks(reference, current)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Drift.ks(reference, reference.copy())).isZero();
    }

    @Test
    void shouldGiveNoScoreBelowTheMinimumCount() {
        Summary small = Summary.of(Samples.normal(13, 29, 5, 1));

        assertThat(Drift.scores("x", reference, small, DriftThresholds.DEFAULTS)).isEmpty();
        assertThat(Drift.scores("x", small, reference, DriftThresholds.DEFAULTS)).isEmpty();
        assertThat(Drift.scores("x", reference, small, new DriftThresholds(0.1, 0.2, 0.1, 0.1, 29))).hasSize(3);
    }

    @Test
    void shouldRejectAnEmptySummary() {
        assertThatThrownBy(() -> Drift.ks(new Summary(), reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference");
    }

    @Test
    void shouldRejectThresholdsOutOfRangeNamingTheParameter() {
        assertThatThrownBy(() -> new DriftThresholds(0.1, -1, 0.1, 0.1, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("psi");
        assertThatThrownBy(() -> new DriftThresholds(0.1, 0.2, 0.1, 0.1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minCount");
    }

    @Test
    void aSummaryOfMomentsOnlyShouldGiveNoScoreAndBeRefusedByEachMetric() {
        Summary reference = Summary.of(Samples.normal(11, 10_000, 0, 1));
        Summary moments = Summary.momentsOnly();
        for (double v : Samples.normal(12, 10_000, 1, 1)) {
            moments.add(v);
        }

        assertThat(Drift.scores("x", reference, moments, DriftThresholds.DEFAULTS)).isEmpty();
        assertThat(Drift.scores("x", moments, reference, DriftThresholds.DEFAULTS)).isEmpty();
        assertThatThrownBy(() -> Drift.ks(reference, moments))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moments only");
    }
}
