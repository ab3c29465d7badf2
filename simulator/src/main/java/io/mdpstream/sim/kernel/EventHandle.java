package io.mdpstream.sim.kernel;

/**
 * A cancellable scheduled event, returned by {@link Simulation#scheduleCancellable}: a timeout, an
 * abandonment, anything that a later event may call off. Plain {@link Simulation#schedule} returns
 * none, and allocates nothing beyond the event.
 */
public final class EventHandle implements Event {

    double time; // moved only by Simulation.delayPending, for the leakage check
    private final Event event;
    boolean cancelled;

    EventHandle(double time, Event event) {
        this.time = time;
        this.event = event;
    }

    /** Simulated time at which the event fires. */
    public double time() {
        return time;
    }

    /** Whether {@link Simulation#cancel} was called on it. */
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void fire() {
        event.fire();
    }
}
