package io.mdpstream.sim.spi;

import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.random.RandomStreams;
import java.time.Instant;
import java.util.Map;

/**
 * What a scenario gets to build an episode.
 *
 * @param parameters       this episode's parameters, randomised values drawn
 * @param random           the episode's named random streams
 * @param start            the simulated instant at which the episode starts (for seasonality and shifts)
 * @param options          reset options, as Gymnasium's {@code reset(seed, options)}; may be empty
 * @param recordExogenous  whether to keep {@link Episode#exogenousChanges()} (tests only: it costs memory)
 */
public record EpisodeContext(Parameters parameters, RandomStreams random, Instant start, Map<String, Object> options,
                             boolean recordExogenous) {
}
