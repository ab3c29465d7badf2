package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportLayout.HOLD;
import static io.mdpstream.sim.scenarios.support.SupportLayout.QUEUE_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SPECIALIST;

import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.spi.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervisor's rule: serve the queue with the highest priority weight times how far its oldest
 * ticket is through its SLA target, preferring queues the agent is a specialist in (a cross-trained
 * agent is slower and may transfer), and never hold while work the agent can serve is waiting.
 * Weights and targets are those of the default parameters; the rule reads only the observation.
 *
 * <p>Stateless and thread-safe.
 */
final class SupportHeuristic implements ScoredPolicy {

    /** Relative importance of p1, p2, p3: what resolving, breaching and abandoning each is worth by default. */
    private static final double[] PRIORITY_WEIGHT = {8, 3, 1};
    /** Default answer-time targets, seconds. */
    private static final double[] SLA_TARGET_SECONDS = {120, 300, 900};
    private static final double CROSS_TRAINED_DISCOUNT = 0.5;
    /** Far below any queue's score: hold only when nothing else is allowed. */
    private static final double HOLD_SCORE = -1;

    private final PolicyId id;

    SupportHeuristic(String version) {
        this.id = new PolicyId("heuristic", version);
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public List<ScoredAction> candidates(Decision decision) {
        long[] level = (long[]) decision.observation().get("agent_skill_level");
        double[] wait = (double[]) decision.observation().get("oldest_wait_seconds");
        List<ScoredAction> candidates = new ArrayList<>(QUEUE_COUNT + 1);
        for (int q = 0; q < QUEUE_COUNT; q++) {
            int action = SupportLayout.serve(q);
            if (!decision.allowed(action)) {
                continue;
            }
            int priority = SupportLayout.priorityOf(q);
            double urgency = PRIORITY_WEIGHT[priority] * (1 + wait[q] / SLA_TARGET_SECONDS[priority]);
            double match = level[SupportLayout.skillOf(q)] == SPECIALIST ? 1 : CROSS_TRAINED_DISCOUNT;
            candidates.add(new ScoredAction(action, urgency * match));
        }
        if (decision.allowed(HOLD)) {
            candidates.add(new ScoredAction(HOLD, HOLD_SCORE));
        }
        return candidates;
    }
}
