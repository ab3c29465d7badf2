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

    /**
     * The probability that {@link #choose} picks {@code action} at this decision (a density for
     * continuous parts), without drawing anything: what off-policy evaluation asks a candidate policy
     * of each action a behaviour policy logged. It agrees with the probability {@code choose} records
     * for the action it picks.
     *
     * @param action any value; one outside the space or masked out has probability 0
     * @return the probability, or null when this policy cannot say (the default)
     */
    default Double probability(Decision decision, Object action) {
        return null;
    }
}
