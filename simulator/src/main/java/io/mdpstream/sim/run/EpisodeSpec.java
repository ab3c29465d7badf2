package io.mdpstream.sim.run;

import io.mdpstream.sim.random.Seeds;
import java.time.Instant;
import java.util.Objects;

/**
 * Which episode of which run: with the scenario, its parameters and the policy, this determines the
 * episode bit for bit.
 *
 * @param runId   identifies the run; part of every episode id
 * @param runSeed the run's seed
 * @param index   the episode's index within the run, from 0
 * @param start   the simulated instant at which the episode starts
 */
public record EpisodeSpec(String runId, long runSeed, long index, Instant start) {

    public EpisodeSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(start, "start");
        if (index < 0) {
            throw new IllegalArgumentException("episode index must be >= 0, got " + index);
        }
    }

    /** The episode's own seed, derived from the run seed and the index. */
    public long seed() {
        return Seeds.episodeSeed(runSeed, index);
    }

    /** {@code <runId>-ep-<index>}, the index zero-padded to 7 digits: the Kafka key of all its events. */
    public String episodeId() {
        // Called for every published event: String.format("%07d") cost more than the rest of the
        // event's mapping (it builds locale digit symbols per call), and its digits followed the
        // default locale. This gives the same id with ASCII digits whatever the locale.
        String digits = Long.toString(index);
        StringBuilder id = new StringBuilder(runId.length() + 4 + Math.max(7, digits.length())).append(runId).append("-ep-");
        for (int pad = digits.length(); pad < 7; pad++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }
}
