package io.mdpstream.regress.internal;

import io.mdpstream.sim.run.EpisodeSpec;
import java.time.Instant;
import java.util.Map;

/**
 * One stored baseline episode: the lineage that regenerates it and what it scored.
 *
 * @param parameters  the effective parameters as canonical JSON
 * @param endReason   why it was truncated or aborted; null otherwise
 * @param verdict     valid, invalid or unvalidated
 * @param violations  what the validator counted, by rule
 */
public record BaselineEpisode(String episodeId, String runId, long index, String scenario, String scenarioVersion, long seed,
                              long runSeed, String parameters, Instant start, String policyId, String policyVersion,
                              double episodeReturn, int steps, String endReason, String verdict, Map<String, Long> violations) {

    /** The spec that gives this episode's seed and start again. */
    public EpisodeSpec spec() {
        return new EpisodeSpec(runId, runSeed, index, start);
    }
}
