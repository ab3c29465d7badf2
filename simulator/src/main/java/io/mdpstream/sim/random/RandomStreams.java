package io.mdpstream.sim.random;

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
    // Two small arrays instead of a map: an episode has about ten streams, and a continuous feed
    // keeps 100,000 episodes in flight, so every byte per episode counts.
    private String[] names = new String[8];
    private RandomGenerator[] streams = new RandomGenerator[8];
    private int count;

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

    /**
     * The stream called {@code name}, not kept: for a process that draws in one place, once per
     * episode (the initial conditions, the domain randomisation), so that its generator is garbage
     * afterwards instead of held by every episode in flight. Its numbers are those {@link #stream}
     * would give; asking for the name again, either way, starts the stream over.
     */
    public RandomGenerator detached(String name) {
        return generators.apply(Seeds.streamSeed(episodeSeed, name));
    }

    /** The stream called {@code name}; the same name always gives the same stream of this episode. */
    public RandomGenerator stream(String name) {
        for (int i = 0; i < count; i++) {
            // Names are usually the same literal, so identity finds them before equals is needed.
            if (names[i] == name || names[i].equals(name)) {
                return streams[i];
            }
        }
        RandomGenerator stream = generators.apply(Seeds.streamSeed(episodeSeed, name));
        if (count == names.length) {
            names = java.util.Arrays.copyOf(names, count + count / 2);
            streams = java.util.Arrays.copyOf(streams, count + count / 2);
        }
        names[count] = name;
        streams[count++] = stream;
        return stream;
    }
}
