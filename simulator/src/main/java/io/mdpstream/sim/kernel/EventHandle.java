package io.mdpstream.sim.kernel;

/**
 * A scheduled event: its time, its place among events at the same time, and whether it was
 * cancelled. Returned by {@link Simulation#schedule} so the caller can cancel it.
 */
public final class EventHandle {

    double time; // moved only by Simulation.delayPending, for the leakage check
    final long order;
    final Event event;
    boolean cancelled;

    EventHandle(double time, long order, Event event) {
        this.time = time;
        this.order = order;
        this.event = event;
    }

    /** Simulated time at which the event fires. */
    public double time() {
        return time;
    }

    /** Whether the event was cancelled before it fired. */
    public boolean cancelled() {
        return cancelled;
    }
}
