package io.mdpstream.sim.policy;

import io.mdpstream.sim.spi.Decision;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * With probability epsilon a uniformly random candidate, otherwise the base policy's best; the
 * recorded probability is the chosen action's total probability under this mixture.
 */
public final class EpsilonGreedyPolicy implements Policy {

    private final ScoredPolicy base;
    private final double epsilon;
    private final PolicyId id;

    /**
     * @param epsilon in [0, 1]
     */
    public EpsilonGreedyPolicy(ScoredPolicy base, double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be within [0, 1], got " + epsilon);
        }
        this.base = base;
        this.epsilon = epsilon;
        this.id = new PolicyId(String.format(Locale.ROOT, "epsilon(%s,e=%s)", base.id().id(), epsilon), base.id().version());
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public ActionChoice choose(Decision decision, RandomGenerator random) {
        List<ScoredAction> candidates = base.candidates(decision);
        ScoredAction best = ScoredPolicy.best(candidates);
        // Draw both numbers every time, so the stream advances the same way whatever is chosen.
        boolean explore = random.nextDouble() < epsilon;
        int pick = random.nextInt(candidates.size());
        ScoredAction chosen = explore ? candidates.get(pick) : best;
        return new ActionChoice(chosen.action(), probability(candidates, best, chosen.action()));
    }

    @Override
    public Double probability(Decision decision, Object action) {
        List<ScoredAction> candidates = base.candidates(decision);
        return probability(candidates, ScoredPolicy.best(candidates), action);
    }

    /** Epsilon spread over the candidates (an action listed twice counts twice), the rest on the best. */
    private double probability(List<ScoredAction> candidates, ScoredAction best, Object action) {
        double uniform = epsilon / candidates.size();
        double probability = ActionValues.equal(best.action(), action) ? 1 - epsilon : 0;
        for (ScoredAction candidate : candidates) {
            if (ActionValues.equal(candidate.action(), action)) {
                probability += uniform;
            }
        }
        return probability;
    }
}
