package io.mdpstream.sim.spi;

import java.util.Map;
import java.util.function.Function;

/**
 * A rule every observation of a scenario obeys beyond its space's bounds, e.g. "agents busy never
 * exceed agents on shift". The contract test checks them on thousands of episodes; the stream
 * validator checks them on live streams.
 *
 * @param name  rule name, e.g. {@code busy_within_staffed}
 * @param check returns why an observation breaks the rule, or null when it holds
 */
public record Invariant(String name, Function<Map<String, Object>, String> check) {

    /** Why {@code observation} breaks this rule, or null. */
    public String violation(Map<String, Object> observation) {
        return check.apply(observation);
    }
}
