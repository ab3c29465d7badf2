package io.mdpstream.validate;

import io.mdpstream.contract.EventTopics;

/** The four episode topics, in the order their events come within a step; the label keys {@code WindowMetrics.event_counts}. */
public enum EventKind {
    EPISODES, STATES, ACTIONS, REWARDS;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    public String topic(EventTopics topics) {
        return switch (this) {
            case EPISODES -> topics.episodes();
            case STATES -> topics.states();
            case ACTIONS -> topics.actions();
            case REWARDS -> topics.rewards();
        };
    }

    /** The kind of a topic, or null when it is none of the four. */
    public static EventKind of(String topic, EventTopics topics) {
        for (EventKind kind : values()) {
            if (kind.topic(topics).equals(topic)) {
                return kind;
            }
        }
        return null;
    }

    /** The word used in metrics: episodes, states, actions, rewards. */
    public String label() {
        return label;
    }
}
