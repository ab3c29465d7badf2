package io.mdpstream.sim.policy;

import io.mdpstream.sim.spi.Decision;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Chooses among a scored policy's candidates with probability proportional to exp(score / T) and
 * records that probability: a stochastic behaviour policy whose logs support off-policy evaluation.
 * Low temperatures approach the base policy; high ones approach uniform.
 */
public final class SoftmaxPolicy implements Policy {

    private final ScoredPolicy base;
    private final double temperature;
    private final PolicyId id;

    /**
     * @param temperature > 0
     */
    public SoftmaxPolicy(ScoredPolicy base, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("softmax temperature must be finite and > 0, got " + temperature);
        }
        this.base = base;
        this.temperature = temperature;
        this.id = new PolicyId(String.format(Locale.ROOT, "softmax(%s,t=%s)", base.id().id(), temperature),
                base.id().version());
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public ActionChoice choose(Decision decision, RandomGenerator random) {
        List<ScoredAction> candidates = base.candidates(decision);
        double[] weights = weights(candidates);
        double total = weights[weights.length - 1];
        double u = random.nextDouble() * total;
        int chosen = weights.length - 2;
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) {
                chosen = i;
                break;
            }
        }
        return new ActionChoice(candidates.get(chosen).action(), weights[chosen] / total);
    }

    /** The summed weights of the candidates that are {@code action}, over the total; 0 for an action not among them. */
    @Override
    public Double probability(Decision decision, Object action) {
        List<ScoredAction> candidates = base.candidates(decision);
        double[] weights = weights(candidates);
        double sum = 0;
        for (int i = 0; i < candidates.size(); i++) {
            if (ActionValues.equal(candidates.get(i).action(), action)) {
                sum += weights[i];
            }
        }
        return sum / weights[weights.length - 1];
    }

    /** exp(score / T) of each candidate, relative to the best; the last element is their total. */
    private double[] weights(List<ScoredAction> candidates) {
        double max = ScoredPolicy.best(candidates).score();
        double[] weights = new double[candidates.size() + 1];
        double total = 0;
        for (int i = 0; i < candidates.size(); i++) {
            // Subtracting the maximum keeps exp() finite for any score scale.
            weights[i] = Math.exp((candidates.get(i).score() - max) / temperature);
            total += weights[i];
        }
        weights[candidates.size()] = total;
        return weights;
    }
}
