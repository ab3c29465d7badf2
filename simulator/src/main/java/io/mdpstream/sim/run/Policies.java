package io.mdpstream.sim.run;

import io.mdpstream.sim.policy.EpsilonGreedyPolicy;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.RandomPolicy;
import io.mdpstream.sim.policy.SoftmaxPolicy;
import io.mdpstream.sim.spi.Scenario;

/**
 * Built-in policies by name: {@code random}, {@code heuristic}, {@code softmax:T} (softmax over the
 * heuristic's scores at temperature T) and {@code epsilon:E} (epsilon-greedy around the heuristic).
 */
public final class Policies {

    /** What {@link #named} accepts, for help texts. */
    public static final String NAMES = "random, heuristic, softmax:T, epsilon:E";

    private Policies() {
    }

    /**
     * @throws IllegalArgumentException naming the problem when {@code name} is not a known policy
     */
    public static Policy named(String name, Scenario scenario) {
        String[] parts = name.split(":", 2);
        switch (parts[0]) {
            case "random":
                requireNoArgument(parts, name);
                return new RandomPolicy(scenario.actionSpace(), scenario.version());
            case "heuristic":
                requireNoArgument(parts, name);
                return scenario.heuristic();
            case "softmax":
                return new SoftmaxPolicy(scenario.heuristic(), argument(parts, name, "temperature"));
            case "epsilon":
                return new EpsilonGreedyPolicy(scenario.heuristic(), argument(parts, name, "epsilon"));
            default:
                throw new IllegalArgumentException("unknown policy '" + name + "'; use one of " + NAMES);
        }
    }

    private static void requireNoArgument(String[] parts, String name) {
        if (parts.length > 1) {
            throw new IllegalArgumentException("policy '" + name + "' takes no argument");
        }
    }

    private static double argument(String[] parts, String name, String what) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("policy '" + name + "' needs a " + what + ", e.g. " + parts[0] + ":0.1");
        }
        try {
            return Double.parseDouble(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy '" + name + "': " + what + " '" + parts[1] + "' is not a number");
        }
    }
}
