package io.mdpstream.regress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReturnComparisonTest {

    @Test
    void shouldGiveThePairedTIntervalOfTheMeanDifference() {
        // Differences 1, 0, 2, -1: mean 0.5, sd sqrt(5/3); t(0.975, 3) = 3.182446305.
        ReturnComparison c = ReturnComparison.of(new double[] {1, 2, 3, 4}, new double[] {2, 2, 5, 3}, 0.95);

        double half = 3.182446305 * Math.sqrt(5.0 / 3) / 2;
        assertThat(c.meanDifference()).isEqualTo(0.5);
        assertThat(c.stdDifference()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(c.lower()).isCloseTo(0.5 - half, within(1e-8));
        assertThat(c.upper()).isCloseTo(0.5 + half, within(1e-8));
        assertThat(c.baselineMean()).isEqualTo(2.5);
        assertThat(c.candidateMean()).isEqualTo(3.0);
        assertThat(new int[] {c.wins(), c.ties(), c.losses()}).containsExactly(2, 1, 1);
        assertThat(c.winRate()).isEqualTo(0.5);
        assertThat(c.significantlyWorse(0)).isFalse();
    }

    @Test
    void aCandidateWorseOnEveryPairShouldBeSignificantlyWorseUnlessTheMarginCoversIt() {
        ReturnComparison c = ReturnComparison.of(new double[] {10, 12, 11, 13, 9}, new double[] {7, 9.5, 8, 10.2, 6}, 0.95);

        assertThat(c.upper()).isNegative();
        assertThat(c.significantlyWorse(0)).isTrue();
        assertThat(c.significantlyWorse(5)).as("a margin of 5 tolerates a loss of about 2.9").isFalse();
        assertThat(c.losses()).isEqualTo(5);
    }

    @Test
    void equalReturnsShouldGiveAZeroWidthIntervalAtZeroAndPass() {
        ReturnComparison c = ReturnComparison.of(new double[] {1.5, -2, 3}, new double[] {1.5, -2, 3}, 0.99);

        assertThat(c.lower()).isZero();
        assertThat(c.upper()).isZero();
        assertThat(c.ties()).isEqualTo(3);
        assertThat(c.significantlyWorse(0)).isFalse();
    }

    @Test
    void shouldRefuseFewerThanTwoPairs() {
        assertThatThrownBy(() -> ReturnComparison.of(new double[] {1}, new double[] {2}, 0.95)).hasMessageContaining("at least 2");
    }
}
