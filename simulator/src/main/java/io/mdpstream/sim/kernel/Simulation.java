package io.mdpstream.sim.kernel;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A discrete-event simulation: a virtual clock and the events pending on it. Time is a double in
 * seconds from the start of the simulation; the wall clock never enters. Events at equal times fire
 * in the order they were scheduled.
 *
 * <p>{@link #runUntil} fires events until a time or until an event calls {@link #stop()}, as at a
 * decision point; {@link #step()} fires one.
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
    private boolean stopped;

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
        events.add(checkTime(time), Objects.requireNonNull(event, "event"));
    }

    /**
     * Schedules an event after a delay.
     *
     * @throws IllegalArgumentException when {@code delay} is negative or not finite
     */
    public void scheduleAfter(double delay, Event event) {
        events.add(timeAfter(delay), Objects.requireNonNull(event, "event"));
    }

    /** Schedules an event that can be cancelled, at an absolute time. */
    public EventHandle scheduleCancellable(double time, Event event) {
        return addHandle(checkTime(time), event);
    }

    /** Schedules an event that can be cancelled, after a delay. */
    public EventHandle scheduleCancellableAfter(double delay, Event event) {
        return addHandle(timeAfter(delay), event);
    }

    /** Cancels a scheduled event; cancelling one that already fired or was cancelled does nothing. */
    public void cancel(EventHandle handle) {
        if (handle != null) {
            events.cancel(handle);
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
        next.fire();
        return true;
    }

    /**
     * Fires every event up to and including {@code time}, then sets the clock to {@code time}; or,
     * when an event calls {@link #stop()}, returns right after that event with the clock at its time.
     *
     * <p>An episode runs this way from one decision to the next: the event that asks for a decision
     * stops the run, so the caller checks nothing between events. (Speed is about that of a caller's
     * loop around {@link #step()}: an M/M/1 queue in KernelBench ran within a few percent either way
     * in paired rounds.)
     *
     * @return true when an event stopped the run, false when it reached {@code time}
     */
    public boolean runUntil(double time) {
        stopped = false; // a stop left from before (a step, or a run it ended) is not this run's
        Event next;
        while ((next = events.pollNotAfter(time)) != null) {
            now = events.polledTime();
            next.fire();
            if (stopped) {
                return true;
            }
        }
        if (time > now) {
            now = time;
        }
        return false;
    }

    /**
     * Ends the {@link #runUntil} in progress once the event now firing is done, as a decision point
     * or a stopping rule does. Outside a run it does nothing: the next run starts afresh.
     */
    public void stop() {
        stopped = true;
    }

    /**
     * Delays every pending event by an amount drawn from {@code extra} (seconds, >= 0), drawn in the
     * order the events were due to fire; events that end up at equal times keep that order. For the
     * leakage test, which perturbs a world's future and checks that its present observation does not
     * change; the perturbed world is discarded.
     *
     * @throws IllegalArgumentException when {@code extra} gives a negative or non-finite amount; no
     *     event has moved then
     */
    public void delayPending(DoubleSupplier extra) {
        events.delayAll(extra);
    }

    /** Events pending, including cancelled ones not yet discarded. */
    public int pending() {
        return events.size();
    }

    private EventHandle addHandle(double time, Event event) {
        EventHandle handle = new EventHandle(time, Objects.requireNonNull(event, "event"));
        events.add(time, handle);
        return handle;
    }

    // Each check is one branch on the hot path (a non-short-circuit &): NaN fails both comparisons,
    // infinity the second. The message is built out of line.

    private double checkTime(double time) {
        if (!(time >= now & time < Double.POSITIVE_INFINITY)) {
            throw cannotSchedule(time);
        }
        return time;
    }

    private double timeAfter(double delay) {
        double time = now + delay;
        if (!(delay >= 0 & time < Double.POSITIVE_INFINITY)) {
            throw badDelay(delay);
        }
        return time;
    }

    private IllegalArgumentException cannotSchedule(double time) {
        return new IllegalArgumentException("cannot schedule at t=" + time + " when now is t=" + now
                + ": simulated time never goes back");
    }

    private IllegalArgumentException badDelay(double delay) {
        return new IllegalArgumentException("delay must be finite and >= 0, got " + delay + " at t=" + now);
    }
}
