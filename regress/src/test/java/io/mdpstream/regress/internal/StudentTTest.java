package io.mdpstream.regress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StudentTTest {

    @Test
    void quantilesShouldMatchPublishedTables() {
        // Two-sided 95% and 99% critical values, as in any t table (and R's qt).
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706204736, within(1e-6));
        assertThat(StudentT.quantile(0.975, 3)).isCloseTo(3.182446305, within(1e-8));
        assertThat(StudentT.quantile(0.975, 9)).isCloseTo(2.262157163, within(1e-8));
        assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.042272456, within(1e-8));
        assertThat(StudentT.quantile(0.995, 199)).isCloseTo(2.600760, within(1e-5));
        assertThat(StudentT.quantile(0.95, 1e6)).as("approaches the normal").isCloseTo(1.644854, within(1e-5));
        assertThat(StudentT.quantile(0.025, 9)).as("symmetric").isCloseTo(-2.262157163, within(1e-8));
    }

    @Test
    void cdfShouldInvertTheQuantile() {
        for (double df : new double[] {1, 2.5, 7, 50}) {
            for (double p : new double[] {0.6, 0.9, 0.999}) {
                assertThat(StudentT.cdf(StudentT.quantile(p, df), df)).isCloseTo(p, within(1e-10));
            }
        }
        assertThat(StudentT.cdf(0, 4)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void shouldRefuseProbabilitiesOutsideTheOpenInterval() {
        assertThatThrownBy(() -> StudentT.quantile(1, 5)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> StudentT.quantile(0.9, 0)).hasMessageContaining("degrees of freedom");
    }
}
