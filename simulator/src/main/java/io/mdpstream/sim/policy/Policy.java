package io.mdpstream.sim.policy;

import io.mdpstream.sim.spi.Decision;
import java.util.random.RandomGenerator;

/**
 * Chooses actions. Implementations are stateless between calls (state lives in the episode), so
 * one policy object serves every episode and thread.
 */
public interface Policy {

    PolicyId id();

    /**
     * Chooses a valid action for a decision.
     *
     * @param random the episode's policy stream; a policy draws its randomness only from it
     */
    ActionChoice choose(Decision decision, RandomGenerator random);
}
