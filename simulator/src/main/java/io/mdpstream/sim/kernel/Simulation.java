package io.mdpstream.sim.kernel;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A discrete-event simulation: a virtual clock and the events pending on it. Time is a double in
 * seconds from the start of the simulation; the wall clock never enters. Events at equal times fire
 * in the order they were scheduled.
 *
 * <p>{@link #schedule} is the fast path and returns nothing; {@link #scheduleCancellable} returns an
 * {@link EventHandle} for events that a later event may call off.
 *
 * <p>Not thread-safe: one thread drives a simulation. Many simulations (one per episode) may run
 * side by side.
 */
public final class Simulation {

    private final EventList events;
    private double now;
    private long nextOrder;
    private long fired;

    public Simulation() {
        this(new HybridEventList());
    }

    public Simulation(EventList events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The current simulated time. */
    public double now() {
        return now;
    }

    /**
     * Schedules an event at an absolute time.
     *
     * @throws IllegalArgumentException when {@code time} is before now or not finite
     */
    public void schedule(double time, Event event) {
        check(time);
        events.add(time, nextOrder++, Objects.requireNonNull(event, "event"));
    }

    /**
     * Schedules an event after a delay.
     *
     * @throws IllegalArgumentException when {@code delay} is negative or not finite
     */
    public void scheduleAfter(double delay, Event event) {
        schedule(now + checkDelay(delay), event);
    }

    /** Schedules an event that can be cancelled, at an absolute time. */
    public EventHandle scheduleCancellable(double time, Event event) {
        check(time);
        EventHandle handle = new EventHandle(time, Objects.requireNonNull(event, "event"));
        events.add(time, nextOrder++, handle);
        return handle;
    }

    /** Schedules an event that can be cancelled, after a delay. */
    public EventHandle scheduleCancellableAfter(double delay, Event event) {
        return scheduleCancellable(now + checkDelay(delay), event);
    }

    /** Cancels a scheduled event; cancelling one that already fired or was cancelled does nothing. */
    public void cancel(EventHandle handle) {
        if (handle != null) {
            handle.cancelled = true;
        }
    }

    /** Time of the next event, or {@link Double#POSITIVE_INFINITY} when none is pending. */
    public double nextEventTime() {
        return events.peekTime();
    }

    /**
     * Advances the clock to the next event and fires it.
     *
     * @return false when no event was pending
     */
    public boolean step() {
        Event next = events.poll();
        if (next == null) {
            return false;
        }
        now = events.polledTime();
        fired++;
        next.fire();
        return true;
    }

    /** Fires every event up to and including {@code time}, then sets the clock to {@code time}. */
    public void runUntil(double time) {
        while (events.peekTime() <= time) {
            step();
        }
        if (time > now) {
            now = time;
        }
    }

    /**
     * Delays every pending event by an amount drawn from {@code extra} (seconds, >= 0), keeping their
     * relative order among equal new times. For the leakage test, which perturbs a world's future
     * and checks that its present observation does not change; the perturbed world is discarded.
     */
    public void delayPending(DoubleSupplier extra) {
        events.delayAll(extra);
    }

    /** Events fired so far. */
    public long fired() {
        return fired;
    }

    /** Events pending, including cancelled ones not yet discarded. */
    public int pending() {
        return events.size();
    }

    private void check(double time) {
        if (!(time >= now) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("cannot schedule at t=" + time + " when now is t=" + now
                    + ": simulated time never goes back");
        }
    }

    private static double checkDelay(double delay) {
        if (!(delay >= 0) || Double.isInfinite(delay)) {
            throw new IllegalArgumentException("delay must be finite and >= 0, got " + delay);
        }
        return delay;
    }
}
