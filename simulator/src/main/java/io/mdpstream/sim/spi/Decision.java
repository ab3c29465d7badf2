package io.mdpstream.sim.spi;

import java.util.Map;

/**
 * A point where the episode waits for an action: what is known now, and which actions are valid.
 *
 * @param step        index of this decision in the episode, from 0
 * @param time        simulated seconds since the episode started
 * @param observation a member of the scenario's observation space; holds only what is known at {@code time}
 * @param mask        one boolean per discrete choice of the action space (see {@link io.mdpstream.sim.space.Space#maskLength});
 *                    empty when every action is valid
 */
public record Decision(int step, double time, Map<String, Object> observation, boolean[] mask) {

    /** Whether the mask allows discrete choice {@code index} of the flattened layout. */
    public boolean allowed(int index) {
        return mask.length == 0 || mask[index];
    }
}
