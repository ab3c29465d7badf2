package io.mdpstream.regress.internal;

/**
 * A logged decision of a baseline episode.
 *
 * @param action      the action as the space builds it
 * @param probability its logged propensity under the behaviour policy; null when unknown
 */
public record LoggedStep(int step, Object action, Double probability) {
}
