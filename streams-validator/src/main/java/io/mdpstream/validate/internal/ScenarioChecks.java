package io.mdpstream.validate.internal;

import io.mdpstream.sim.space.ActionPayload;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.validate.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The constraint rules of one scenario, read from its own declarations: the observation space
 * (types, shapes, bounds), the action space and the state's valid-action mask, the invariants and
 * the reward delay bound. A scenario of your own gets the same checks with no validator code.
 * Immutable and thread-safe.
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

    /** Checks a state's observation: inside the space, then every invariant. */
    public List<Finding> observation(GenericRecord observation) {
        List<Finding> findings = new ArrayList<>(1);
        Map<String, Object> value;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> decoded = (Map<String, Object>) observationSpace.fromAvro(observation);
            value = decoded;
        } catch (RuntimeException e) {
            findings.add(new Finding(Rule.OBSERVATION_RANGE, "observation does not fit the observation space: " + e.getMessage(),
                    Map.of()));
            return findings;
        }
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
     * Checks an action against the space and the mask of the state it answers.
     *
     * @param mask the state's valid-action mask; empty when every action is valid
     */
    public Finding action(Object payload, boolean[] mask) {
        Object value;
        try {
            value = ActionPayload.fromAvro(actionSpace, payload);
        } catch (RuntimeException e) {
            return new Finding(Rule.ACTION_SPACE, "action does not fit the action space: " + e.getMessage(), Map.of());
        }
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
}
