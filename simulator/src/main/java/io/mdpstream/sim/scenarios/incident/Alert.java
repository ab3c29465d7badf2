package io.mdpstream.sim.scenarios.incident;

import io.mdpstream.sim.kernel.EventHandle;

/**
 * One alert from the moment it fires until it is resolved or clears by itself. What is drawn when
 * it fires (whether it is a false positive, how long the work will take) stays hidden: observations
 * see only its severity, service, rule noise rate, age and grouping. Mutable; owned by one episode.
 */
final class Alert {

    static final int OPEN = 0;
    static final int IN_PROGRESS = 1;
    static final int RESOLVED = 2;

    /** Worker kinds. */
    static final int NOBODY = 0;
    static final int ENGINEER = 1;
    static final int SPECIALIST = 2;

    final long id;
    final int severity;
    final int service;
    final double noiseRate;
    final boolean falsePositive;
    final double firedAt;
    final double workMinutes;
    final double triageMinutes;
    final double clearMinutes;
    final double responseMinutes;
    /** The root cause this alert is a symptom of, or null. */
    final Alert root;

    int state = OPEN;
    int workerKind = NOBODY;
    int workerIndex = -1;
    int assignedStep = -1;
    double startedAt;
    double accruedUntil;
    boolean breached;
    boolean clearing;
    EventHandle done;
    EventHandle clear;

    /**
     * @param workMinutes     hands-on minutes for a regular engineer if real, service complexity included
     * @param triageMinutes   minutes to recognise it as a false positive
     * @param clearMinutes    for a false positive, minutes until it clears by itself; for a symptom, minutes
     *                        until it clears once its root is resolved
     * @param responseMinutes minutes for a paged specialist to join, should it be escalated
     */
    Alert(long id, int severity, int service, double noiseRate, boolean falsePositive, double firedAt, double workMinutes,
          double triageMinutes, double clearMinutes, double responseMinutes, Alert root) {
        this.id = id;
        this.severity = severity;
        this.service = service;
        this.noiseRate = noiseRate;
        this.falsePositive = falsePositive;
        this.firedAt = firedAt;
        this.workMinutes = workMinutes;
        this.triageMinutes = triageMinutes;
        this.clearMinutes = clearMinutes;
        this.responseMinutes = responseMinutes;
        this.root = root;
        this.accruedUntil = firedAt;
    }

    boolean real() {
        return !falsePositive;
    }

    /** Whether alert grouping shows it under a root incident that is still unresolved. */
    boolean linkedToOpenRoot() {
        return root != null && root.state != RESOLVED;
    }

    /** Dashboard order: most severe first, then oldest, then first fired. */
    static int compareByPriority(Alert a, Alert b) {
        if (a.severity != b.severity) {
            return Integer.compare(a.severity, b.severity);
        }
        if (a.firedAt != b.firedAt) {
            return Double.compare(a.firedAt, b.firedAt);
        }
        return Long.compare(a.id, b.id);
    }
}
