package io.mdpstream.sim.random;

import java.nio.charset.StandardCharsets;

/**
 * Derives seeds so that every episode and every stochastic process in it draws from its own
 * stream: the episode seed from the run seed and the episode index, a stream's seed from the
 * episode seed and the stream's name. Pure functions of their inputs, the same on every machine,
 * whatever the order in which episodes run.
 */
public final class Seeds {

    private Seeds() {
    }

    /** The seed of episode {@code index} of a run. */
    public static long episodeSeed(long runSeed, long index) {
        return mix(mix(runSeed ^ 0x6d64707374726561L) + index * 0x9E3779B97F4A7C15L);
    }

    /** The seed of the stream called {@code name} in an episode. */
    public static long streamSeed(long episodeSeed, String name) {
        return mix(episodeSeed ^ fnv1a(name));
    }

    /** SplitMix64's finalizer: a bijective, well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over UTF-8 bytes: stable across JVMs, unlike relying on a hash map order. */
    static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
