package io.mdpstream.regress;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mdpstream.regress.internal.StudentT;
import java.util.Objects;

/**
 * Paired comparison of episode returns, candidate minus baseline, over the same seeds: with common
 * random numbers each pair differs only through the policy, so the paired interval is much narrower
 * than comparing two independent means. The interval is t-based: mean ± t(1 - (1 - confidence) / 2,
 * n - 1) · sd / √n.
 *
 * @param episodes       pairs compared (at least 2)
 * @param baselineMean   mean baseline return
 * @param candidateMean  mean candidate return
 * @param meanDifference mean of candidate - baseline
 * @param stdDifference  sample standard deviation of the differences
 * @param confidence     the interval's confidence level
 * @param tQuantile      the t quantile used
 * @param lower          the interval's lower bound
 * @param upper          the interval's upper bound
 * @param wins           pairs where the candidate's return is higher
 * @param ties           pairs with exactly equal returns
 * @param losses         pairs where it is lower
 */
public record ReturnComparison(int episodes, double baselineMean, double candidateMean, double meanDifference,
                               double stdDifference, double confidence, double tQuantile, double lower, double upper,
                               int wins, int ties, int losses) {

    /**
     * @throws IllegalArgumentException when the arrays differ in length, hold fewer than 2 pairs, or
     *                                  the confidence is not within (0, 1)
     */
    public static ReturnComparison of(double[] baseline, double[] candidate, double confidence) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        if (baseline.length != candidate.length) {
            throw new IllegalArgumentException(baseline.length + " baseline returns but " + candidate.length + " candidate returns");
        }
        int n = baseline.length;
        if (n < 2) {
            throw new IllegalArgumentException("a confidence interval needs at least 2 pairs, got " + n);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be within (0, 1), got " + confidence);
        }
        double sumBaseline = 0;
        double sumCandidate = 0;
        double sumDifference = 0;
        int wins = 0;
        int ties = 0;
        for (int i = 0; i < n; i++) {
            sumBaseline += baseline[i];
            sumCandidate += candidate[i];
            double d = candidate[i] - baseline[i];
            sumDifference += d;
            if (d > 0) {
                wins++;
            } else if (d == 0) {
                ties++;
            }
        }
        double mean = sumDifference / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double deviation = candidate[i] - baseline[i] - mean;
            squares += deviation * deviation;
        }
        double sd = Math.sqrt(squares / (n - 1));
        double t = StudentT.quantile(1 - (1 - confidence) / 2, n - 1);
        double half = t * sd / Math.sqrt(n);
        return new ReturnComparison(n, sumBaseline / n, sumCandidate / n, mean, sd, confidence, t, mean - half, mean + half,
                wins, ties, n - wins - ties);
    }

    @JsonProperty("win_rate")
    public double winRate() {
        return (double) wins / episodes;
    }

    @JsonProperty("tie_rate")
    public double tieRate() {
        return (double) ties / episodes;
    }

    @JsonProperty("loss_rate")
    public double lossRate() {
        return (double) losses / episodes;
    }

    /** Whether the candidate is worse by more than {@code margin} at this confidence: the whole interval lies below -margin. */
    public boolean significantlyWorse(double margin) {
        return upper < -margin;
    }
}
