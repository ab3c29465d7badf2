package io.mdpstream.sim.policy;

/**
 * An action chosen by a policy and the probability with which it was chosen.
 *
 * @param action      a member of the action space allowed by the decision's mask
 * @param probability probability (density, for continuous actions) of choosing this action under
 *                    the behaviour policy; null when unknown. Off-policy evaluation needs it.
 */
public record ActionChoice(Object action, Double probability) {
}
