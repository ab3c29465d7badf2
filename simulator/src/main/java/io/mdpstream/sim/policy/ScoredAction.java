package io.mdpstream.sim.policy;

/**
 * A candidate action and how much a policy prefers it; higher is better.
 *
 * @param action a valid action
 * @param score  preference, on any scale: softmax wrappers divide it by a temperature
 */
public record ScoredAction(Object action, double score) {
}
