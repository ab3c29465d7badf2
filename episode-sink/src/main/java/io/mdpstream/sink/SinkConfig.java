package io.mdpstream.sink;

import io.mdpstream.contract.EventTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the sink reads and stores a namespace, parsed once and checked in its constructor. Each option
 * has a name, type, default, validator and doc in {@link #DEFINITION}, as Kafka's {@code StreamsConfig}
 * describes itself; {@link #from} fails with a {@link ConfigException} naming the option. Durations
 * are wall-clock time: they bound how long the sink waits, not simulated time.
 *
 * <p>Kafka and schema registry client properties are not part of this config; {@link EpisodeSink}
 * takes them beside it.
 *
 * @param namespace      the topics read are {@code <namespace>.episodes|states|actions|rewards} and {@code .verdicts}
 * @param outputDir      where the dataset is written
 * @param format         Parquet or JSON Lines
 * @param verdicts       whether an episode waits for the validator's verdict (see {@link VerdictPolicy})
 * @param verdictTimeout how long a finished episode waits for its verdict before it goes to quarantine as unvalidated
 * @param idleTimeout    an episode with no new event for this long that cannot be completed is closed:
 *                       quarantined as incomplete when its start was seen, dropped otherwise
 * @param flushInterval  longest time a finished episode waits before it is written and its offsets committed
 * @param flushMaxSteps  finished steps that trigger a write before the interval is up; also the most steps per file
 * @param bufferMaxBytes memory for the events of open episodes; beyond it the largest are spilled to disk
 * @param groupId        consumer group; sinks sharing it split the partitions
 * @param stopWhenIdle   stop once nothing new arrived for this long and every episode read was stored; zero to run until stopped
 */
public record SinkConfig(String namespace, Path outputDir, DataFormat format, VerdictPolicy verdicts,
                         Duration verdictTimeout, Duration idleTimeout, Duration flushInterval, int flushMaxSteps,
                         long bufferMaxBytes, String groupId, Duration stopWhenIdle) {

    public static final String NAMESPACE_CONFIG = "namespace";
    private static final String NAMESPACE_DOC = "Namespace to store: <namespace>.episodes, .states, .actions, .rewards (and .verdicts).";
    public static final String OUTPUT_DIR_CONFIG = "output.dir";
    private static final String OUTPUT_DIR_DOC = "Directory of the dataset; empty for ./mdpstream-data/<namespace>.";
    public static final String FORMAT_CONFIG = "format";
    private static final String FORMAT_DOC = "File format of steps and episodes: parquet or jsonl.";
    public static final String VERDICTS_CONFIG = "verdicts";
    private static final String VERDICTS_DOC = "require: store an episode once the validator's verdict arrived (valid to the training "
            + "set, invalid or missing after verdict.timeout.ms to quarantine); ignore: store every complete episode as unvalidated.";
    public static final String VERDICT_TIMEOUT_CONFIG = "verdict.timeout.ms";
    private static final String VERDICT_TIMEOUT_DOC = "Wall time a finished episode waits for its verdict before it is quarantined as unvalidated.";
    public static final String IDLE_TIMEOUT_CONFIG = "idle.timeout.ms";
    private static final String IDLE_TIMEOUT_DOC = "Wall time after which an episode that got no new event and cannot complete is closed "
            + "(quarantined as incomplete, or dropped when its start was never seen).";
    public static final String FLUSH_INTERVAL_CONFIG = "flush.interval.ms";
    private static final String FLUSH_INTERVAL_DOC = "Longest wall time a finished episode waits before it is written, made durable "
            + "and its offsets committed.";
    public static final String FLUSH_MAX_STEPS_CONFIG = "flush.max.steps";
    private static final String FLUSH_MAX_STEPS_DOC = "Finished steps that trigger a write before the interval is up.";
    public static final String BUFFER_MAX_BYTES_CONFIG = "buffer.max.bytes";
    private static final String BUFFER_MAX_BYTES_DOC = "Memory for the events of open episodes; beyond it the largest episodes are spilled to disk.";
    public static final String GROUP_ID_CONFIG = "group.id";
    private static final String GROUP_ID_DOC = "Consumer group; empty for mdpstream-sink-<namespace>. Sinks in one group split the partitions.";
    public static final String STOP_WHEN_IDLE_CONFIG = "stop.when.idle.ms";
    private static final String STOP_WHEN_IDLE_DOC = "Stop once nothing new arrived for this long and everything read is stored; 0 runs until stopped.";

    /** At least this much buffer: one large state event must fit. */
    public static final long MIN_BUFFER_BYTES = 64 * 1024;

    /** Every option, described. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(NAMESPACE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, NAMESPACE_DOC)
            .define(OUTPUT_DIR_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH, OUTPUT_DIR_DOC)
            .define(FORMAT_CONFIG, ConfigDef.Type.STRING, DataFormat.PARQUET.label(), lowerCaseIn(DataFormat.values()),
                    ConfigDef.Importance.MEDIUM, FORMAT_DOC)
            .define(VERDICTS_CONFIG, ConfigDef.Type.STRING, VerdictPolicy.REQUIRE.label(), lowerCaseIn(VerdictPolicy.values()),
                    ConfigDef.Importance.MEDIUM, VERDICTS_DOC)
            .define(VERDICT_TIMEOUT_CONFIG, ConfigDef.Type.LONG, Duration.ofMinutes(2).toMillis(), ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.MEDIUM, VERDICT_TIMEOUT_DOC)
            .define(IDLE_TIMEOUT_CONFIG, ConfigDef.Type.LONG, Duration.ofMinutes(10).toMillis(), ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW, IDLE_TIMEOUT_DOC)
            .define(FLUSH_INTERVAL_CONFIG, ConfigDef.Type.LONG, Duration.ofSeconds(5).toMillis(), ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.MEDIUM, FLUSH_INTERVAL_DOC)
            .define(FLUSH_MAX_STEPS_CONFIG, ConfigDef.Type.INT, 200_000, ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW, FLUSH_MAX_STEPS_DOC)
            .define(BUFFER_MAX_BYTES_CONFIG, ConfigDef.Type.LONG, 128L * 1024 * 1024, ConfigDef.Range.atLeast(MIN_BUFFER_BYTES),
                    ConfigDef.Importance.MEDIUM, BUFFER_MAX_BYTES_DOC)
            .define(GROUP_ID_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM, GROUP_ID_DOC)
            .define(STOP_WHEN_IDLE_CONFIG, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW,
                    STOP_WHEN_IDLE_DOC);

    /** @throws ConfigException naming the option that is wrong */
    public SinkConfig {
        if (namespace == null) {
            throw new ConfigException(NAMESPACE_CONFIG, null, "is required");
        }
        try {
            new EventTopics(namespace); // the publisher's rules for a namespace
        } catch (IllegalArgumentException e) {
            throw new ConfigException(NAMESPACE_CONFIG, namespace, e.getMessage());
        }
        if (outputDir == null) {
            throw new ConfigException(OUTPUT_DIR_CONFIG, null, "is required");
        }
        if (format == null) {
            throw new ConfigException(FORMAT_CONFIG, null, "is required");
        }
        if (verdicts == null) {
            throw new ConfigException(VERDICTS_CONFIG, null, "is required");
        }
        requirePositive(verdictTimeout, VERDICT_TIMEOUT_CONFIG);
        requirePositive(idleTimeout, IDLE_TIMEOUT_CONFIG);
        requirePositive(flushInterval, FLUSH_INTERVAL_CONFIG);
        if (flushMaxSteps < 1) {
            throw new ConfigException(FLUSH_MAX_STEPS_CONFIG, flushMaxSteps, "must be >= 1");
        }
        if (bufferMaxBytes < MIN_BUFFER_BYTES) {
            throw new ConfigException(BUFFER_MAX_BYTES_CONFIG, bufferMaxBytes, "must be at least " + MIN_BUFFER_BYTES);
        }
        if (groupId == null || groupId.isBlank()) {
            throw new ConfigException(GROUP_ID_CONFIG, groupId, "must not be blank");
        }
        if (stopWhenIdle == null || stopWhenIdle.isNegative()) {
            throw new ConfigException(STOP_WHEN_IDLE_CONFIG, stopWhenIdle == null ? null : stopWhenIdle.toMillis(), "must be >= 0");
        }
    }

    /** The defaults for a namespace. */
    public static SinkConfig of(String namespace) {
        return from(Map.of(NAMESPACE_CONFIG, namespace));
    }

    /**
     * Parses options by their names in {@link #DEFINITION}; other keys are ignored.
     *
     * @throws ConfigException naming the option that is missing or wrong
     */
    public static SinkConfig from(Map<String, ?> options) {
        AbstractConfig parsed = new AbstractConfig(DEFINITION, options, false);
        String namespace = parsed.getString(NAMESPACE_CONFIG);
        String dir = parsed.getString(OUTPUT_DIR_CONFIG);
        String group = parsed.getString(GROUP_ID_CONFIG);
        return new SinkConfig(namespace,
                dir.isBlank() ? Path.of("mdpstream-data", namespace) : Path.of(dir),
                DataFormat.valueOf(parsed.getString(FORMAT_CONFIG).toUpperCase(Locale.ROOT)),
                VerdictPolicy.valueOf(parsed.getString(VERDICTS_CONFIG).toUpperCase(Locale.ROOT)),
                Duration.ofMillis(parsed.getLong(VERDICT_TIMEOUT_CONFIG)),
                Duration.ofMillis(parsed.getLong(IDLE_TIMEOUT_CONFIG)),
                Duration.ofMillis(parsed.getLong(FLUSH_INTERVAL_CONFIG)),
                parsed.getInt(FLUSH_MAX_STEPS_CONFIG),
                parsed.getLong(BUFFER_MAX_BYTES_CONFIG),
                group.isBlank() ? "mdpstream-sink-" + namespace : group,
                Duration.ofMillis(parsed.getLong(STOP_WHEN_IDLE_CONFIG)));
    }

    /** This config as options, so a copy with one change is {@code from(toMap() + change)}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(NAMESPACE_CONFIG, namespace);
        map.put(OUTPUT_DIR_CONFIG, outputDir.toString());
        map.put(FORMAT_CONFIG, format.label());
        map.put(VERDICTS_CONFIG, verdicts.label());
        map.put(VERDICT_TIMEOUT_CONFIG, verdictTimeout.toMillis());
        map.put(IDLE_TIMEOUT_CONFIG, idleTimeout.toMillis());
        map.put(FLUSH_INTERVAL_CONFIG, flushInterval.toMillis());
        map.put(FLUSH_MAX_STEPS_CONFIG, flushMaxSteps);
        map.put(BUFFER_MAX_BYTES_CONFIG, bufferMaxBytes);
        map.put(GROUP_ID_CONFIG, groupId);
        map.put(STOP_WHEN_IDLE_CONFIG, stopWhenIdle.toMillis());
        return map;
    }

    /** The topics read. */
    public EventTopics topics() {
        return new EventTopics(namespace);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(name, value == null ? null : value.toMillis(), "must be > 0");
        }
    }

    private static ConfigDef.Validator lowerCaseIn(Enum<?>[] values) {
        return ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new));
    }

    @Override
    public String toString() {
        return "SinkConfig" + new java.util.TreeMap<>(toMap());
    }
}
