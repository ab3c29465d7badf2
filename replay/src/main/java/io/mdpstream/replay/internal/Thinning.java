package io.mdpstream.replay.internal;

import java.util.function.Predicate;

/**
 * Keeps each episode with a probability, deciding from the seed and the episode id alone (so the
 * same seed keeps the same subset of any dataset that holds those episodes). Whole episodes, not
 * single events: a thinned episode would have gaps in its seq and lose causal links, which the
 * validator reports as faults; fault injection ({@code --inject drop=...}) is the tool for that.
 */
public final class Thinning implements Predicate<String> {

    private final long seed;
    private final double keepProbability;

    public Thinning(long seed, double keepProbability) {
        this.seed = seed;
        this.keepProbability = keepProbability;
    }

    @Override
    public boolean test(String episodeId) {
        return keepProbability >= 1 || EpisodeRandom.of(seed, episodeId, "thinning").nextDouble() < keepProbability;
    }
}
