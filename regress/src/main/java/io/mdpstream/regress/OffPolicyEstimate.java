package io.mdpstream.regress;

import com.fasterxml.jackson.annotation.JsonProperty;
/**
 * What the baseline's logged data say of the candidate's value, without running it: per-episode
 * importance weights w = Π π(a|s) / μ(a|s) over the logged decisions, with μ the behaviour policy's
 * logged propensity and π the candidate's probability of the same action. Ordinary importance
 * sampling (mean of w·G) is unbiased but has high variance; weighted IS (Σ w·G / Σ w) is biased but
 * steadier. The effective sample size (Σw)² / Σw² says how many episodes the estimate effectively
 * rests on: far below the episode count, the estimate is not to be trusted.
 *
 * @param unavailable         why there is no estimate, or null when there is one
 * @param ordinaryIs          the IS estimate of the candidate's mean return; null when unavailable, or when the
 *                            weights overflow a double (WIS and the ESS, being ratios, still hold)
 * @param weightedIs          the WIS estimate; null when unavailable
 * @param effectiveSampleSize (Σw)² / Σw²; null when unavailable
 * @param episodes            the episodes the estimate uses
 */
public record OffPolicyEstimate(String unavailable, Double ordinaryIs, Double weightedIs, Double effectiveSampleSize,
                                int episodes) {

    /** No estimate, and why. */
    public static OffPolicyEstimate unavailable(String reason, int episodes) {
        return new OffPolicyEstimate(reason, null, null, null, episodes);
    }

    /**
     * The estimates from each episode's log importance weight and return. Log weights keep long
     * episodes' products in range; a weight of zero (the candidate never takes a logged action) is
     * {@code -Infinity}.
     */
    public static OffPolicyEstimate of(double[] logWeights, double[] returns) {
        if (logWeights.length != returns.length) {
            throw new IllegalArgumentException(logWeights.length + " weights but " + returns.length + " returns");
        }
        int n = logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logWeights) {
            max = Math.max(max, w);
        }
        if (n == 0 || max == Double.NEGATIVE_INFINITY) {
            return unavailable("the candidate gives probability 0 to a logged action in every episode: the logs say nothing of it", n);
        }
        // Weights relative to the largest: WIS and the ESS do not depend on the scale; IS gets it back at the end.
        double sum = 0;
        double squares = 0;
        double weightedReturns = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.exp(logWeights[i] - max);
            sum += w;
            squares += w * w;
            weightedReturns += w * returns[i];
        }
        double ordinary = Math.exp(max) * weightedReturns / n;
        if (!Double.isFinite(ordinary)) {
            return new OffPolicyEstimate(null, null, weightedReturns / sum, sum * sum / squares, n);
        }
        return new OffPolicyEstimate(null, ordinary, weightedReturns / sum, sum * sum / squares, n);
    }

    @JsonProperty("available")
    public boolean available() {
        return unavailable == null;
    }
}
