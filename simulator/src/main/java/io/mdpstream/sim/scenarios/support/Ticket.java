package io.mdpstream.sim.scenarios.support;

import io.mdpstream.sim.kernel.EventHandle;

/**
 * A customer contact waiting for or receiving support. Its work content and patience are drawn at
 * arrival, from their own streams, so every policy faces the same customers; neither is ever
 * observed, they only act through events.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class Ticket {

    final int skill;
    final int priority;
    /** Minutes a specialist needs, priority included; scaled by skill level and system state when served. */
    final double workMinutes;
    /**
     * When it (re-)entered its queue, simulated seconds. A ticket transferred back by a cross-trained
     * agent re-enters at the back; it was answered once, so it has no SLA clock and does not abandon.
     */
    double queuedAt;
    /** When the customer gives up if still unanswered, simulated seconds; never observed. */
    final double abandonsAt;
    /** When the answer-time SLA runs out, simulated seconds. */
    final double slaDueAt;
    /** Whether the SLA breach has been counted. */
    boolean breached;
    /** The one pending deadline of a waiting first-contact ticket: the SLA breach, then the abandonment. */
    EventHandle deadline;

    Ticket(int skill, int priority, double arrivedAt, double workMinutes, double abandonsAt, double slaDueAt) {
        this.skill = skill;
        this.priority = priority;
        this.queuedAt = arrivedAt;
        this.workMinutes = workMinutes;
        this.abandonsAt = abandonsAt;
        this.slaDueAt = slaDueAt;
    }

    int queue() {
        return SupportLayout.queue(skill, priority);
    }
}
