package io.mdpstream.sim.spi;

import java.util.Map;

/**
 * A reward realised at a simulated time. It may credit an earlier decision than the current one:
 * an order's late penalty is known when it ships, long after the decision that released it.
 *
 * @param time         simulated seconds since the episode started
 * @param creditedStep the decision it rewards
 * @param value        the total, equal to the sum of the components
 * @param components   named business components, e.g. {@code revenue}, {@code late_penalty}
 */
public record RewardSignal(double time, int creditedStep, double value, Map<String, Double> components) {
}
