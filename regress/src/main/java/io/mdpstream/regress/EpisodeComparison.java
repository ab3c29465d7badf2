package io.mdpstream.regress;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One baseline episode and the candidate's run of the same seed.
 *
 * @param baselineViolations  what the validator counted in the stored episode (0 when it was not validated)
 * @param candidateFallbacks  decisions of the candidate's run where an external agent missed its deadline and
 *                            the fallback action was applied (0 for a built-in policy)
 * @param candidateViolations rules the candidate's run broke, counted in process
 * @param reproduced          whether replaying the logged actions gave back the stored episode
 * @param importanceWeight    Π π(a|s) / μ(a|s) over its logged decisions; null when no estimate is possible
 */
public record EpisodeComparison(String episodeId, long seed, double baselineReturn, double candidateReturn,
                                int baselineSteps, int candidateSteps, String candidateOutcome, long candidateFallbacks,
                                long baselineViolations,
                                long candidateViolations, boolean reproduced, Double importanceWeight) {

    /** Candidate minus baseline return. */
    @JsonProperty("difference")
    public double difference() {
        return candidateReturn - baselineReturn;
    }
}
