package io.mdpstream.contract;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Topic names of one namespace. A namespace is one stream of episodes (by default the scenario
 * name); all its topics share the prefix {@code <namespace>.}.
 *
 * <p>The four episode topics ({@link #episodeTopics()}) are keyed by episode id and
 * co-partitioned.
 *
 * @param namespace a legal Kafka topic prefix: letters, digits, '.', '_' and '-'
 */
public record EventTopics(String namespace) {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    /** Kafka's limit is 249 characters; leave room for the longest suffix. */
    private static final int MAX_NAMESPACE_LENGTH = 249 - ".agent-actions".length();

    public EventTopics {
        Objects.requireNonNull(namespace, "namespace");
        if (!LEGAL.matcher(namespace).matches() || namespace.length() > MAX_NAMESPACE_LENGTH) {
            throw new IllegalArgumentException("namespace '" + namespace
                    + "' is not a legal topic prefix: use 1 to " + MAX_NAMESPACE_LENGTH
                    + " characters from [a-zA-Z0-9._-]");
        }
    }

    public String episodes() {
        return namespace + ".episodes";
    }

    public String states() {
        return namespace + ".states";
    }

    public String actions() {
        return namespace + ".actions";
    }

    public String rewards() {
        return namespace + ".rewards";
    }

    /** Actions sent by an external agent under test. */
    public String agentActions() {
        return namespace + ".agent-actions";
    }

    /** Rejected agent actions, with the reason. */
    public String agentErrors() {
        return namespace + ".agent-errors";
    }

    public String violations() {
        return namespace + ".violations";
    }

    public String metrics() {
        return namespace + ".metrics";
    }

    public String verdicts() {
        return namespace + ".verdicts";
    }

    /** Ground truth of injected faults, for scoring stream checks. */
    public String faultLog() {
        return namespace + ".fault-log";
    }

    /** A side stream of business records a scenario emits, e.g. {@code purchases}. */
    public String side(String stream) {
        return namespace + "." + stream;
    }

    /** Where simulator instances checkpoint their progress (compacted, transactional with the events). */
    public String checkpoints() {
        return namespace + ".checkpoints";
    }

    /** Records that could not be decoded, with headers saying where they came from. */
    public String deadLetter() {
        return namespace + ".dead-letter";
    }

    /** The four co-partitioned topics that carry episodes, in causal order of their first event. */
    public List<String> episodeTopics() {
        return List.of(episodes(), states(), actions(), rewards());
    }
}
