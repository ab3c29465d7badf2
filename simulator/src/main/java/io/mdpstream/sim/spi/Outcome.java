package io.mdpstream.sim.spi;

import java.util.List;

/**
 * What happened between two decisions: the rewards realised, and either the next decision or the
 * end of the episode. {@code terminated} (the MDP reached a terminal state) and {@code truncated}
 * (a limit outside the MDP, such as the horizon, cut it) are kept apart, as Gymnasium does.
 *
 * @param rewards    rewards realised since the previous decision, in time order
 * @param sideRecords business records emitted since the previous decision (see {@link Scenario#sideStreams})
 * @param next       the next decision, or null when the episode ended
 * @param terminated whether a terminal state was reached
 * @param truncated  whether the episode was cut short
 * @param endTime    simulated seconds at the end, when it ended
 * @param reason     why it ended, when it did
 */
public record Outcome(List<RewardSignal> rewards, List<SideRecord> sideRecords, Decision next, boolean terminated,
                      boolean truncated, double endTime, String reason) {

    public boolean ended() {
        return next == null;
    }
}
