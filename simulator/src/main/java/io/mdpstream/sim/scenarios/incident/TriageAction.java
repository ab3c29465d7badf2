package io.mdpstream.sim.scenarios.incident;

import io.mdpstream.sim.space.Discrete;

/**
 * The action layout: one choice among {@code 1 + 2 * SLOTS}. 0 holds (nobody picks anything up
 * now); {@code 1..SLOTS} give candidate slot {@code k} to a free engineer; {@code SLOTS+1..2*SLOTS}
 * escalate candidate slot {@code k} to a paged specialist. Stateless.
 */
final class TriageAction {

    /** Candidate alerts shown at a decision: the most important open ones. */
    static final int SLOTS = 5;
    static final int HOLD = 0;
    static final Discrete SPACE = new Discrete(1 + 2 * SLOTS);

    private TriageAction() {
    }

    static int take(int slot) {
        return 1 + slot;
    }

    static int escalate(int slot) {
        return 1 + SLOTS + slot;
    }

    static boolean isEscalation(int action) {
        return action > SLOTS;
    }

    /** The slot an assigning action refers to. */
    static int slotOf(int action) {
        return isEscalation(action) ? action - 1 - SLOTS : action - 1;
    }
}
