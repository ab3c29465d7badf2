package io.mdpstream.sim.scenarios.incident;

import io.mdpstream.sim.kernel.EventHandle;

/**
 * An alert storm in progress: a cascading outage (alerts are symptoms of {@code root}) or a
 * flapping monitor (false positives from one rule on one service). Alerts arrive as a Poisson
 * process at {@code alertsPerMinute} until the rare event ends. Mutable; owned by one episode.
 */
final class Storm {

    final String kind;
    final double alertsPerMinute;
    /** The failed dependency's alert, or null for a flapping monitor. */
    final Alert root;
    final int service;
    final int severity;
    final double noiseRate;
    /** The next alert of the storm. */
    EventHandle next;

    Storm(String kind, double alertsPerMinute, Alert root, int service, int severity, double noiseRate) {
        this.kind = kind;
        this.alertsPerMinute = alertsPerMinute;
        this.root = root;
        this.service = service;
        this.severity = severity;
        this.noiseRate = noiseRate;
    }

    boolean isCascade() {
        return root != null;
    }
}
