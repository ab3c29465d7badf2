package io.mdpstream.validate;

import io.mdpstream.events.Severity;

/**
 * The rules the validator checks, each with the identifier written in {@code Violation.rule} and
 * counted in verdicts and metrics. Temporal rules check the shape of each episode's stream;
 * constraint rules check its values against the scenario's own declarations (spaces, masks,
 * invariants), so a scenario of your own is checked without validator code.
 */
public enum Rule {
    SEQ_GAP("temporal.seq-gap", "a seq never arrived within the lateness bound"),
    SEQ_DUPLICATE("temporal.seq-duplicate", "a seq arrived twice"),
    REORDERED("temporal.reordered", "a topic delivered an episode's events out of seq order (no lateness excuses that within one partition)"),
    LATE_EVENT("temporal.late-event", "an event arrived after its gap had been reported: beyond the lateness bound"),
    SIM_TIME_BACKWARDS("temporal.sim-time-backwards", "sim_time went back in seq order"),
    CAUSAL_ORDER("temporal.causal-order", "within a step, not state, then action, then reward"),
    REWARD_DELAY("temporal.reward-delay", "a reward came later after its step than the scenario allows"),
    NOT_STARTED("temporal.not-started", "an episode's events came before its start"),
    AFTER_END("temporal.after-end", "an event came after its episode's end"),
    UNFINISHED("temporal.unfinished", "an episode had no event for the gap timeout and never ended"),
    ACTION_SPACE("constraint.action-space", "an action outside the scenario's action space"),
    ACTION_MASK("constraint.action-mask", "an action ruled out by its state's valid-action mask"),
    OBSERVATION_RANGE("constraint.observation-range", "an observation outside the scenario's observation space (type, shape, bounds)"),
    INVARIANT("constraint.invariant", "an observation breaking one of the scenario's invariants"),
    REWARD_VALUE("constraint.reward-value", "a reward that is not finite or not the sum of its components");

    private final String id;
    private final String description;

    Rule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The identifier in violations, e.g. {@code temporal.seq-gap}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Every rule is an error: a stream that breaks one is not valid training data. */
    public Severity severity() {
        return Severity.ERROR;
    }
}
