package io.mdpstream.sim.run;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Counterfactual forks: the same episode (same seed, same random streams) with a different action
 * at one step, for "what if" pairs. The fork replays the episode, since the same inputs give the same
 * world, and at step {@code k} applies the alternative instead of the policy's choice. The policy
 * still draws its choice at step {@code k}, so its stream stays aligned with the original's and
 * later steps differ only through what the alternative action changed.
 */
public final class Fork {

    private Fork() {
    }

    /**
     * Runs episode {@code index} of {@code runner}'s run, applying {@code alternative} at step {@code k}.
     *
     * @throws IllegalArgumentException when the episode ends before step {@code k} or the alternative is
     *                                  not valid there
     */
    public static List<TraceEvent> run(EpisodeRunner runner, long index, int k, Object alternative) {
        EpisodeDriver driver = runner.driver(index);
        Policy policy = runner.policy();
        List<TraceEvent> events = new ArrayList<>(driver.start());
        while (!driver.finished()) {
            ActionChoice choice = policy.choose(driver.pendingDecision(), driver.policyRandom());
            if (driver.pendingDecision().step() == k) {
                String violation = driver.actionViolation(alternative);
                if (violation != null) {
                    throw new IllegalArgumentException("alternative action at step " + k + " is not valid: " + violation);
                }
                choice = new ActionChoice(alternative, null);
            }
            events.addAll(driver.act(choice, ActionSource.POLICY, policy.id()));
        }
        if (driver.steps() <= k) {
            throw new IllegalArgumentException("episode " + index + " ended after " + driver.steps()
                    + " steps, before step " + k);
        }
        return events;
    }
}
