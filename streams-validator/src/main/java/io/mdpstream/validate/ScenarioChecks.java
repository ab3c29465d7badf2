package io.mdpstream.validate;

import io.mdpstream.sim.space.ActionPayload;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The constraint rules of one scenario, read from its own declarations: the observation space
 * (types, shapes, bounds), the action space and the state's valid-action mask, the invariants and
 * the reward delay bound. A scenario of your own gets the same checks with no validator code.
 * The validator applies them to decoded events; they also take plain values, so a run in process
 * (regression of a candidate policy) is checked by the same rules. Immutable and thread-safe.
 */
public final class ScenarioChecks {

    /** One broken rule, in words. */
    public record Finding(Rule rule, String message, Map<String, String> evidence) {
    }

    private final Dict observationSpace;
    private final Space actionSpace;
    private final List<Invariant> invariants;
    private final Duration maxRewardDelay;

    public ScenarioChecks(Scenario scenario) {
        this.observationSpace = scenario.observationSpace();
        this.actionSpace = scenario.actionSpace();
        this.invariants = scenario.invariants();
        this.maxRewardDelay = scenario.maxRewardDelay();
    }

    /** The bound on the simulated time from a decision to a reward crediting it, or null when there is none. */
    public Duration maxRewardDelay() {
        return maxRewardDelay;
    }

    /** Checks a state's observation as its Avro record: inside the space, then every invariant. */
    public List<Finding> observation(GenericRecord observation) {
        Map<String, Object> value;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> decoded = (Map<String, Object>) observationSpace.fromAvro(observation);
            value = decoded;
        } catch (RuntimeException e) {
            return List.of(new Finding(Rule.OBSERVATION_RANGE, "observation does not fit the observation space: " + e.getMessage(),
                    Map.of()));
        }
        return observationValue(value);
    }

    /** Checks an observation value (as the scenario builds it): inside the space, then every invariant. */
    public List<Finding> observationValue(Map<String, Object> value) {
        List<Finding> findings = new ArrayList<>(1);
        String outside = observationSpace.violation(value, "observation");
        if (outside != null) {
            findings.add(new Finding(Rule.OBSERVATION_RANGE, outside, Map.of()));
            return findings; // invariants assume values of the right types and ranges
        }
        for (Invariant invariant : invariants) {
            String broken;
            try {
                broken = invariant.violation(value);
            } catch (RuntimeException e) {
                broken = "the check failed: " + e;
            }
            if (broken != null) {
                findings.add(new Finding(Rule.INVARIANT, invariant.name() + ": " + broken, Map.of("invariant", invariant.name())));
            }
        }
        return findings;
    }

    /**
     * Checks an action's Avro payload against the space and the mask of the state it answers.
     *
     * @param mask the state's valid-action mask; empty when every action is valid
     * @return the broken rule, or null
     */
    public Finding action(Object payload, boolean[] mask) {
        Object value;
        try {
            value = ActionPayload.fromAvro(actionSpace, payload);
        } catch (RuntimeException e) {
            return new Finding(Rule.ACTION_SPACE, "action does not fit the action space: " + e.getMessage(), Map.of());
        }
        return actionValue(value, mask);
    }

    /**
     * Checks an action value (as the space builds it) against the space and the mask of the state it answers.
     *
     * @param mask the state's valid-action mask; empty when every action is valid
     * @return the broken rule, or null
     */
    public Finding actionValue(Object value, boolean[] mask) {
        String outside = actionSpace.violation(value, "action");
        if (outside != null) {
            return new Finding(Rule.ACTION_SPACE, outside, Map.of());
        }
        if (mask.length == 0) {
            return null;
        }
        String masked = actionSpace.violation(value, mask, "action");
        return masked == null ? null : new Finding(Rule.ACTION_MASK, masked, Map.of());
    }

    /**
     * Checks a reward's value: finite, and the sum of its components when it has any. It needs no
     * scenario's declarations.
     *
     * @return the broken rule, or null
     */
    public static Finding rewardValue(double value, Map<?, ?> components) {
        if (!Double.isFinite(value)) {
            return new Finding(Rule.REWARD_VALUE, "reward value " + value + " is not finite", Map.of());
        }
        double sum = 0;
        for (Object component : components.values()) {
            sum += ((Number) component).doubleValue();
        }
        if (!components.isEmpty() && Math.abs(sum - value) > 1e-6 * Math.max(1, Math.abs(value))) {
            return new Finding(Rule.REWARD_VALUE, "reward value " + value + " is not the sum of its components (" + sum + ")",
                    Map.of("components_sum", Double.toString(sum)));
        }
        return null;
    }

    /**
     * Checks how long after its decision a reward came against {@link #maxRewardDelay()}.
     *
     * @return the broken rule, or null (also when the scenario sets no bound)
     */
    public Finding rewardDelay(int creditedStep, long delayMs) {
        if (maxRewardDelay == null || delayMs <= maxRewardDelay.toMillis()) {
            return null;
        }
        return new Finding(Rule.REWARD_DELAY, "reward for step " + creditedStep + " came " + Duration.ofMillis(delayMs)
                + " after the decision; the scenario allows " + maxRewardDelay,
                Map.of("credited_step", Integer.toString(creditedStep), "delay_ms", Long.toString(delayMs)));
    }
}
