package io.mdpstream.sim.policy;

import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.MultiDiscrete;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Decision;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Uniform over the valid actions: each discrete part uniform over the choices its mask allows,
 * each box uniform within its bounds. The recorded probability is the product over parts (a
 * density for boxes; null when a box is unbounded).
 */
public final class RandomPolicy implements Policy {

    private final Space actionSpace;
    private final PolicyId id;

    public RandomPolicy(Space actionSpace, String version) {
        this.actionSpace = actionSpace;
        this.id = new PolicyId("random", version);
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public ActionChoice choose(Decision decision, RandomGenerator random) {
        double[] probability = {1.0};
        Object action = sample(actionSpace, decision.mask(), 0, random, probability);
        return new ActionChoice(action, Double.isNaN(probability[0]) ? null : probability[0]);
    }

    /** The product over parts of 1 / (choices the mask allows), or the box's uniform density; 0 outside. */
    @Override
    public Double probability(Decision decision, Object action) {
        double probability = probability(actionSpace, decision.mask(), 0, action);
        return Double.isNaN(probability) ? null : probability;
    }

    private static double probability(Space space, boolean[] mask, int offset, Object action) {
        if (space instanceof Discrete d) {
            return action instanceof Integer choice ? choiceProbability(mask, offset, d.n(), choice - d.start()) : 0;
        }
        if (space instanceof MultiDiscrete m) {
            int[] nvec = m.nvec();
            if (!(action instanceof int[] choices) || choices.length != nvec.length) {
                return 0;
            }
            double probability = 1;
            int at = offset;
            for (int i = 0; i < nvec.length; i++) {
                probability *= choiceProbability(mask, at, nvec[i], choices[i]);
                at += nvec[i];
            }
            return probability;
        }
        if (space instanceof Box b) {
            return b.contains(action) ? boxDensity(b) : 0;
        }
        if (!(space instanceof Dict dict)) {
            return Double.NaN;
        }
        if (!(action instanceof Map<?, ?> value)) {
            return 0;
        }
        double probability = 1;
        int at = offset;
        for (Map.Entry<String, Space> entry : dict.spaces().entrySet()) {
            probability *= probability(entry.getValue(), mask, at, value.get(entry.getKey()));
            at += entry.getValue().maskLength();
        }
        return probability;
    }

    private static double choiceProbability(boolean[] mask, int offset, int n, int choice) {
        if (choice < 0 || choice >= n || mask.length != 0 && !mask[offset + choice]) {
            return 0;
        }
        return 1.0 / allowed(mask, offset, n);
    }

    /** Uniform over an integer box's points or a bounded box's volume; NaN when unbounded. */
    private static double boxDensity(Box b) {
        double width = b.high() - b.low();
        int dims = Math.max(1, b.size());
        return b.isInteger() ? Math.pow(1 / (width + 1), dims)
                : Double.isFinite(width) && width > 0 ? Math.pow(1 / width, dims) : Double.NaN;
    }

    private static Object sample(Space space, boolean[] mask, int offset, RandomGenerator random, double[] probability) {
        if (space instanceof Discrete d) {
            int choice = pick(mask, offset, d.n(), random, probability);
            return d.start() + choice;
        }
        if (space instanceof MultiDiscrete m) {
            int[] nvec = m.nvec();
            int[] choices = new int[nvec.length];
            int at = offset;
            for (int i = 0; i < nvec.length; i++) {
                choices[i] = pick(mask, at, nvec[i], random, probability);
                at += nvec[i];
            }
            return choices;
        }
        if (space instanceof Box b) {
            probability[0] *= boxDensity(b);
            return b.sample(random);
        }
        if (!(space instanceof Dict dict)) {
            probability[0] = Double.NaN; // text has no meaningful propensity
            return space.sample(random);
        }
        Map<String, Object> value = dict.newValue();
        int at = offset;
        for (Map.Entry<String, Space> entry : dict.spaces().entrySet()) {
            value.put(entry.getKey(), sample(entry.getValue(), mask, at, random, probability));
            at += entry.getValue().maskLength();
        }
        return value;
    }

    /** A uniform choice among the allowed ones of {@code n} choices laid out from {@code offset}. */
    private static int pick(boolean[] mask, int offset, int n, RandomGenerator random, double[] probability) {
        if (mask.length == 0) {
            probability[0] *= 1.0 / n;
            return random.nextInt(n);
        }
        int allowed = allowed(mask, offset, n);
        probability[0] *= 1.0 / allowed;
        int target = random.nextInt(allowed);
        for (int i = 0; i < n; i++) {
            if (mask[offset + i] && target-- == 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** How many of {@code n} choices laid out from {@code offset} the mask allows (all when it is empty). */
    private static int allowed(boolean[] mask, int offset, int n) {
        if (mask.length == 0) {
            return n;
        }
        int allowed = 0;
        for (int i = 0; i < n; i++) {
            if (mask[offset + i]) {
                allowed++;
            }
        }
        if (allowed == 0) {
            throw new IllegalStateException("the mask allows none of " + n + " choices");
        }
        return allowed;
    }
}
