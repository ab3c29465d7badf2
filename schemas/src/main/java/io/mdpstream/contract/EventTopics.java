package io.mdpstream.contract;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.TopicConfig;

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
    /** A timestamp bound that lets any simulated time through. */
    private static final String NO_LIMIT = Long.toString(Long.MAX_VALUE);
    /** Less ahead of the broker's clock than this is refused: a run at full speed covers it in minutes. */
    private static final long LEAST_AHEAD_MS = Duration.ofDays(365).toMillis();

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

    /**
     * Configs of a topic whose record timestamps are simulated time: a Kafka 4.x broker rejects
     * records stamped more than an hour ahead of its clock by default, and time-based retention
     * deletes segments stamped in the past early, but simulated time runs ahead at speed and starts
     * wherever the epoch says. For the event topics and for any topic (changelogs, outputs) whose
     * records carry their timestamps on.
     */
    public static Map<String, String> simulatedTimeConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, NO_LIMIT);
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, NO_LIMIT);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        return configs;
    }

    /** A topic's configs by name, as {@link #simulatedTimeMisfit} and {@link #deletesSimulatedPast} read them. */
    public static Map<String, String> byName(Config described) {
        return described.entries().stream().collect(Collectors.toMap(ConfigEntry::name, e -> String.valueOf(e.value())));
    }

    /**
     * Why a topic that already exists cannot take simulated-time records, or null when it can: the
     * broker would refuse records stamped further ahead of its clock than the topic allows: less
     * than a year ahead is refused.
     *
     * @param configs the topic's configs by name, as the broker describes them
     */
    public static String simulatedTimeMisfit(String topic, Map<String, String> configs) {
        String key = TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG;
        String value = configs.get(key);
        if (value == null || Long.parseLong(value) >= LEAST_AHEAD_MS) {
            return null;
        }
        return "topic " + topic + " exists with " + key + "=" + value + ": the broker would reject records stamped in"
                + " simulated time more than that ahead of its clock. Set it to " + NO_LIMIT + " (kafka-configs --alter"
                + " --entity-type topics --entity-name " + topic + " --add-config " + key + "=" + NO_LIMIT
                + "), or use another --namespace";
    }

    /**
     * Whether a topic that already exists deletes records by their age ({@code retention.ms} is not
     * -1): its records stamped far enough in the simulated past go as soon as their segment rolls,
     * although they were just written. Not refused, as a user may want that, but worth a warning.
     */
    public static boolean deletesSimulatedPast(Map<String, String> configs) {
        String retention = configs.get(TopicConfig.RETENTION_MS_CONFIG);
        return retention != null && !"-1".equals(retention);
    }

    /** The four co-partitioned topics that carry episodes, in causal order of their first event. */
    public List<String> episodeTopics() {
        return List.of(episodes(), states(), actions(), rewards());
    }
}
