package io.mdpstream.validate;

import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Violation;
import io.mdpstream.events.WindowMetrics;

/**
 * Told of what the validator outputs, e.g. to count violations in metrics. Called on the stream
 * threads, so implementations must be thread-safe and quick; they must not throw.
 */
public interface ValidatorListener {

    ValidatorListener NONE = new ValidatorListener() {
    };

    default void violation(Violation violation) {
    }

    default void verdict(EpisodeVerdict verdict) {
    }

    /** A window's metrics went out (again, when a later share of it was merged). */
    default void window(WindowMetrics metrics) {
    }

    /** A record that could not be decoded went to the dead-letter topic. */
    default void deadLetter(String topic) {
    }
}
