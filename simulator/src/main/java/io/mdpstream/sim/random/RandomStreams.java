package io.mdpstream.sim.random;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The named random streams of one episode. Each stochastic process (arrivals, service times, a
 * rare event, the policy) draws from its own stream, so changing how much one process draws, for
 * instance because an action changed what happens, leaves every other process untouched. That is
 * what makes forks and regression runs use common random numbers.
 *
 * <p>Streams are L64X128MixRandom generators (Java 17 {@code java.util.random}), created on first
 * use. Not thread-safe: an episode runs on one thread.
 */
public final class RandomStreams {

    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of("L64X128MixRandom");

    private final long episodeSeed;
    private final LongFunction<RandomGenerator> generators;
    private final Map<String, RandomGenerator> streams = new HashMap<>(8);

    public RandomStreams(long episodeSeed) {
        this(episodeSeed, FACTORY::create);
    }

    /** Streams from a custom generator factory; for tests that swap the randomness. */
    public RandomStreams(long episodeSeed, LongFunction<RandomGenerator> generators) {
        this.episodeSeed = episodeSeed;
        this.generators = generators;
    }

    /** The episode's seed, from which every stream derives. */
    public long episodeSeed() {
        return episodeSeed;
    }

    /** The stream called {@code name}; the same name always gives the same stream of this episode. */
    public RandomGenerator stream(String name) {
        RandomGenerator stream = streams.get(name);
        if (stream == null) {
            stream = generators.apply(Seeds.streamSeed(episodeSeed, name));
            streams.put(name, stream);
        }
        return stream;
    }
}
