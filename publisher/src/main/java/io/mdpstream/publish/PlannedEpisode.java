package io.mdpstream.publish;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.EpisodeSpec;
import java.util.Objects;

/**
 * An episode to publish exactly as its spec says, with parameters of its own: a stored episode run
 * again (same seed, same start, same world) with another policy or an agent. See
 * {@link EpisodePublisher#of}.
 *
 * @param spec       run id, run seed, index and start; the episode id is the spec's
 * @param parameters the scenario parameters the episode runs with
 */
public record PlannedEpisode(EpisodeSpec spec, ParameterSet parameters) {

    public PlannedEpisode {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(parameters, "parameters");
    }
}
