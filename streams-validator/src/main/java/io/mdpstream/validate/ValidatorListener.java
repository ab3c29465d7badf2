package io.mdpstream.validate;

import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Violation;
import io.mdpstream.events.WindowMetrics;
import io.mdpstream.validate.stats.Share;

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

    /** A window's metrics went out (again, when a late share changed it). */
    default void window(WindowMetrics metrics) {
    }

    /**
     * A task's share of a slice of simulated time was merged: every event counts in exactly one share,
     * so their sum is the whole run (e.g. to capture a reference profile, {@link Share#addTo}). Do not
     * change it.
     */
    default void share(String scenario, Share share) {
    }

    /** A record that could not be decoded went to the dead-letter topic. */
    default void deadLetter(String topic) {
    }
}
