package io.mdpstream.sim.kernel;

/** Something that happens at a simulated instant. Runs on the simulation's thread. */
@FunctionalInterface
public interface Event {

    /** Performs the event's state changes; may schedule or cancel other events. */
    void fire();
}
