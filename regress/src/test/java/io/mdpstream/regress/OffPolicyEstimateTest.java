package io.mdpstream.regress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OffPolicyEstimateTest {

    @Test
    void shouldComputeIsWisAndEffectiveSampleSizeByHand() {
        // Weights 2, 0.5, 1, 0 and returns 10, 4, -2, 100:
        // IS = (20 + 2 - 2 + 0) / 4 = 5; WIS = 20 / 3.5; ESS = 3.5^2 / (4 + 0.25 + 1) = 12.25 / 5.25.
        OffPolicyEstimate estimate = OffPolicyEstimate.of(new double[] {Math.log(2), Math.log(0.5), 0, Double.NEGATIVE_INFINITY},
                new double[] {10, 4, -2, 100});

        assertThat(estimate.available()).isTrue();
        assertThat(estimate.ordinaryIs()).isCloseTo(5.0, within(1e-12));
        assertThat(estimate.weightedIs()).isCloseTo(20 / 3.5, within(1e-12));
        assertThat(estimate.effectiveSampleSize()).isCloseTo(12.25 / 5.25, within(1e-12));
        assertThat(estimate.episodes()).isEqualTo(4);
    }

    @Test
    void weightsOfOneShouldGiveTheMeanReturnWithFullSampleSize() {
        OffPolicyEstimate estimate = OffPolicyEstimate.of(new double[] {0, 0, 0}, new double[] {1, 2, 6});

        assertThat(estimate.ordinaryIs()).isEqualTo(3.0);
        assertThat(estimate.weightedIs()).isEqualTo(3.0);
        assertThat(estimate.effectiveSampleSize()).isEqualTo(3.0);
    }

    @Test
    void hugeLogWeightsShouldStillGiveWisWhileIsOverflows() {
        OffPolicyEstimate estimate = OffPolicyEstimate.of(new double[] {900, 900 + Math.log(3)}, new double[] {1, 5});

        assertThat(estimate.ordinaryIs()).isNull();
        assertThat(estimate.weightedIs()).isCloseTo((1 + 15) / 4.0, within(1e-12));
        assertThat(estimate.effectiveSampleSize()).isCloseTo(16 / 10.0, within(1e-12));
    }

    @Test
    void zeroWeightsEverywhereShouldSayWhyThereIsNoEstimate() {
        OffPolicyEstimate estimate = OffPolicyEstimate.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                new double[] {1, 2});

        assertThat(estimate.available()).isFalse();
        assertThat(estimate.unavailable()).contains("probability 0");
    }
}
