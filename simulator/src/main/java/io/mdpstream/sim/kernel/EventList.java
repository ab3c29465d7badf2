package io.mdpstream.sim.kernel;

/**
 * The pending events of a simulation, ordered by time and, among equal times, by the order in
 * which they were scheduled (first in, first out). Not thread-safe.
 */
public interface EventList {

    void add(EventHandle handle);

    /** Removes and returns the earliest event that is not cancelled, or null when none is left. */
    EventHandle poll();

    /** Time of the earliest event that is not cancelled, or {@link Double#POSITIVE_INFINITY}. */
    double peekTime();

    /** Events held, including cancelled ones not yet discarded. */
    int size();

    void clear();
}
