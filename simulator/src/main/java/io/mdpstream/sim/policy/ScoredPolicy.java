package io.mdpstream.sim.policy;

import io.mdpstream.sim.spi.Decision;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A policy that ranks a finite set of valid candidate actions. On its own it takes the best one
 * (the first among equals), with probability 1; {@link SoftmaxPolicy} and
 * {@link EpsilonGreedyPolicy} turn it into a stochastic policy that logs propensities.
 */
public interface ScoredPolicy extends Policy {

    /** The valid actions considered at this decision, with scores; never empty. */
    List<ScoredAction> candidates(Decision decision);

    @Override
    default ActionChoice choose(Decision decision, RandomGenerator random) {
        List<ScoredAction> candidates = candidates(decision);
        return new ActionChoice(best(candidates).action(), 1.0);
    }

    /** 1 for the action {@link #choose} takes, 0 for any other. */
    @Override
    default Double probability(Decision decision, Object action) {
        return ActionValues.equal(best(candidates(decision)).action(), action) ? 1.0 : 0.0;
    }

    /** The highest-scoring candidate, the first among equals. */
    static ScoredAction best(List<ScoredAction> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalStateException("a scored policy returned no candidate actions");
        }
        ScoredAction best = candidates.get(0);
        for (ScoredAction candidate : candidates) {
            if (candidate.score() > best.score()) {
                best = candidate;
            }
        }
        return best;
    }
}
