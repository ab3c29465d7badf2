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

    private static final EventKind[] KINDS = values();

    /** The kind of a topic, or null when it is none of the four. */
    public static EventKind of(String topic, EventTopics topics) {
        return new Lookup(topics).of(topic);
    }

    /** The kinds of one namespace's topics, for a caller that asks per record: each topic name is built once. */
    public static final class Lookup {
        private final String[] names = new String[KINDS.length];

        public Lookup(EventTopics topics) {
            for (EventKind kind : KINDS) {
                names[kind.ordinal()] = kind.topic(topics);
            }
        }

        /** The kind of a topic, or null when it is none of the four. */
        public EventKind of(String topic) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(topic)) {
                    return KINDS[i];
                }
            }
            return null;
        }
    }

    /** The word used in metrics: episodes, states, actions, rewards. */
    public String label() {
        return label;
    }
}
