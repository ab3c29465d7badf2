package io.mdpstream.validate.stats;

/** The kinds of events a window counts, one per episode topic. */
public enum EventKind {
    EPISODES("episodes"),
    STATES("states"),
    ACTIONS("actions"),
    REWARDS("rewards");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    /** The key of this kind in {@code WindowMetrics.event_counts}. */
    public String label() {
        return label;
    }
}
