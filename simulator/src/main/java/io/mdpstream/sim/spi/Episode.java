package io.mdpstream.sim.spi;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One running episode of a scenario, Gymnasium-style: {@link #reset} runs the world to its first
 * decision, {@link #step} applies an action and runs to the next decision or the end. Between
 * decisions simulated time advances through the scenario's discrete events.
 *
 * <p>Not thread-safe: one thread drives an episode.
 */
public interface Episode {

    /** Starts the episode and runs it to the first decision, or to the end. */
    Outcome reset();

    /**
     * Applies an action to the pending decision and runs to the next decision or the end.
     *
     * @param action a member of the action space allowed by the decision's mask
     * @throws IllegalStateException when no decision is pending
     */
    Outcome step(Object action);

    /**
     * Changes of the variables the scenario declares exogenous (not influenced by any action), as
     * recorded so far; empty unless the context asked for them. Forks of an episode with different
     * actions must produce the same list.
     */
    List<ExogenousChange> exogenousChanges();

    /**
     * Observes the pending decision again after delaying every pending event by a random amount:
     * an observation that holds only what is known now cannot change. For the contract test.
     */
    Map<String, Object> observeWithPerturbedFuture(RandomGenerator random);

    /**
     * One recorded change of an exogenous variable.
     *
     * @param time  simulated seconds
     * @param name  variable name, as declared in the causal model
     * @param value its new value
     */
    record ExogenousChange(double time, String name, double value) {
    }
}
