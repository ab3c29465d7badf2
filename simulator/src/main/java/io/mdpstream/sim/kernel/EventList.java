package io.mdpstream.sim.kernel;

import java.util.function.DoubleSupplier;

/**
 * The pending events of a simulation, ordered by time and, among equal times, by the order in
 * which they were added (first in, first out). An entry is either a plain {@link Event} or an
 * {@link EventHandle}, which can be {@linkplain #cancel cancelled}; a cancelled entry never comes
 * out. Not thread-safe.
 */
public interface EventList {

    /** Adds an event (or a handle) at {@code time}, after every entry already at that time. */
    void add(double time, Event event);

    /**
     * Calls off a handle: it will not come out of {@link #poll()}. The list may drop it at once or
     * when it reaches the front. A handle that already came out, or was cancelled, is left as it is.
     */
    void cancel(EventHandle handle);

    /** Time of the earliest entry that is not cancelled, or {@link Double#POSITIVE_INFINITY}. */
    double peekTime();

    /**
     * Removes and returns the earliest entry that is not cancelled, or null when none is left; its
     * time is then {@link #polledTime()}.
     */
    Event poll();

    /**
     * As {@link #poll()}, but only an entry at {@code time} or before; null, leaving the list as it
     * is, when the earliest entry comes later.
     */
    Event pollNotAfter(double time);

    /** The time of the entry the last {@link #poll()} or {@link #pollNotAfter} returned. */
    double polledTime();

    /** Entries held, including cancelled ones not yet discarded. */
    int size();

    /**
     * Delays every entry by an amount drawn from {@code extra}, moving handles' times too. The
     * amounts are drawn for the entries in the order they were due to fire, and entries that end up
     * at equal times keep that order.
     *
     * @throws IllegalArgumentException when {@code extra} gives a negative or non-finite amount; the
     *     list is then unchanged
     */
    void delayAll(DoubleSupplier extra);

    void clear();
}
