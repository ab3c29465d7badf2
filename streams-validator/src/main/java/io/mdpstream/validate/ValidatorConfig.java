package io.mdpstream.validate;

import io.mdpstream.contract.EventTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the validator checks and how patiently, parsed once and checked in its constructor. Each
 * option has a name, type, default, validator and doc in {@link #DEFINITION}, the way Kafka's own
 * {@code StreamsConfig} describes itself; {@link #from} fails with a message naming the option.
 * Durations are simulated time: the validator runs on stream time, which is the events' sim time.
 *
 * @param namespace        the topics checked are {@code <namespace>.episodes|states|actions|rewards}
 * @param lateness         how long (stream time) a missing {@code seq} is waited for before it is a gap;
 *                         events arriving out of order across topics within it are re-ordered, not flagged
 * @param latenessWall     wall time a missing seq is waited for at least, besides the lateness
 * @param gapTimeout       an episode with no event for this long and no end is closed as unfinished
 * @param windowSize       size of the rolling statistics' hopping windows
 * @param windowAdvance    advance of those windows
 * @param referenceProfile drift reference profile file, or null for no drift scores
 * @param statistics       whether the rolling statistics are kept and {@code <ns>.metrics} written; without
 *                         them the validator checks and gives verdicts only, two to three times as fast
 * @param featureQuantiles whether the metrics give each feature's quantiles, besides its moments; they are
 *                         kept anyway when drift is scored ({@link #keepFeatureQuantiles})
 */
public record ValidatorConfig(String namespace, Duration lateness, Duration latenessWall, Duration gapTimeout, Duration windowSize,
                              Duration windowAdvance, Path referenceProfile, boolean statistics, boolean featureQuantiles) {

    public static final String NAMESPACE_CONFIG = "namespace";
    private static final String NAMESPACE_DOC = "Namespace of the topics to check: <namespace>.episodes, .states, .actions, .rewards.";
    public static final String LATENESS_CONFIG = "lateness.ms";
    private static final String LATENESS_DOC = "Stream time (simulated ms) a missing seq is waited for before it is reported as a gap; "
            + "records arriving out of order across topics within it are re-ordered, not flagged.";
    public static final String LATENESS_WALL_CONFIG = "lateness.wall.ms";
    private static final String LATENESS_WALL_DOC = "Wall time a missing seq is waited for at least, besides the stream time: a "
            + "simulator at full speed moves hours of simulated time on between two fetches of one topic, so stream time "
            + "alone would report events still on their way as gaps. 0 for stream time alone (deterministic, for replays).";
    public static final String GAP_TIMEOUT_CONFIG = "gap.timeout.ms";
    private static final String GAP_TIMEOUT_DOC = "Stream time (simulated ms) after an episode's last event at which an episode that "
            + "never ended is closed and reported.";
    public static final String WINDOW_SIZE_CONFIG = "window.size.ms";
    private static final String WINDOW_SIZE_DOC = "Size of the rolling statistics' hopping windows, simulated ms.";
    public static final String WINDOW_ADVANCE_CONFIG = "window.advance.ms";
    private static final String WINDOW_ADVANCE_DOC = "Advance of the hopping windows, simulated ms; at most the size.";
    public static final String REFERENCE_PROFILE_CONFIG = "reference.profile";
    private static final String REFERENCE_PROFILE_DOC = "Reference profile (JSON) that window statistics are compared with for drift; empty for none.";
    public static final String STATISTICS_CONFIG = "statistics.enabled";
    private static final String STATISTICS_DOC = "Keep the rolling statistics and write <namespace>.metrics. Off, the validator "
            + "checks and gives verdicts only: the statistics take more than half its work (every state's features, in every window).";
    public static final String FEATURE_QUANTILES_CONFIG = "statistics.feature.quantiles";
    private static final String FEATURE_QUANTILES_DOC = "Give each feature's quantiles (p50, p90, p99) in <namespace>.metrics, besides "
            + "its moments (count, mean, std, min, max). They need a sketch per feature, filled, merged and written in every "
            + "window, about a tenth of the validator's work; kept anyway when drift is scored against a reference profile "
            + "or a profile is captured, which compare features' distributions. The reward's quantiles are always given.";

    /** Every option, described. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(NAMESPACE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.HIGH, NAMESPACE_DOC)
            .define(LATENESS_CONFIG, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM, LATENESS_DOC)
            .define(LATENESS_WALL_CONFIG, ConfigDef.Type.LONG, 2_000L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW,
                    LATENESS_WALL_DOC)
            .define(GAP_TIMEOUT_CONFIG, ConfigDef.Type.LONG, Duration.ofDays(7).toMillis(), ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.MEDIUM, GAP_TIMEOUT_DOC)
            .define(WINDOW_SIZE_CONFIG, ConfigDef.Type.LONG, Duration.ofHours(1).toMillis(), ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW, WINDOW_SIZE_DOC)
            .define(WINDOW_ADVANCE_CONFIG, ConfigDef.Type.LONG, Duration.ofMinutes(15).toMillis(), ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW, WINDOW_ADVANCE_DOC)
            .define(REFERENCE_PROFILE_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, REFERENCE_PROFILE_DOC)
            .define(STATISTICS_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW, STATISTICS_DOC)
            .define(FEATURE_QUANTILES_CONFIG, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW, FEATURE_QUANTILES_DOC);

    /** @throws ConfigException naming the option that is wrong */
    public ValidatorConfig {
        Objects.requireNonNull(namespace, NAMESPACE_CONFIG);
        try {
            new EventTopics(namespace); // the same rules as the publisher's namespace
        } catch (IllegalArgumentException e) {
            throw new ConfigException(NAMESPACE_CONFIG, namespace, e.getMessage());
        }
        require(lateness, LATENESS_CONFIG, false);
        require(latenessWall, LATENESS_WALL_CONFIG, false);
        require(gapTimeout, GAP_TIMEOUT_CONFIG, true);
        require(windowSize, WINDOW_SIZE_CONFIG, true);
        require(windowAdvance, WINDOW_ADVANCE_CONFIG, true);
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new ConfigException(WINDOW_ADVANCE_CONFIG, windowAdvance.toMillis(),
                    "must not exceed " + WINDOW_SIZE_CONFIG + " (" + windowSize.toMillis() + ")");
        }
        if (gapTimeout.compareTo(lateness) < 0) {
            throw new ConfigException(GAP_TIMEOUT_CONFIG, gapTimeout.toMillis(),
                    "must be at least " + LATENESS_CONFIG + " (" + lateness.toMillis() + ")");
        }
        if (featureQuantiles && !statistics) {
            throw new ConfigException(FEATURE_QUANTILES_CONFIG, true,
                    "feature quantiles are part of the rolling statistics, which are turned off (" + STATISTICS_CONFIG + ")");
        }
        if (referenceProfile != null && !statistics) {
            throw new ConfigException(REFERENCE_PROFILE_CONFIG, referenceProfile.toString(),
                    "drift is scored on the rolling statistics, which are turned off (" + STATISTICS_CONFIG + ")");
        }
    }

    /** With the rolling statistics on, as before they could be turned off. */
    public ValidatorConfig(String namespace, Duration lateness, Duration latenessWall, Duration gapTimeout, Duration windowSize,
                           Duration windowAdvance, Path referenceProfile) {
        this(namespace, lateness, latenessWall, gapTimeout, windowSize, windowAdvance, referenceProfile, true);
    }

    /** Without feature quantiles unless drift is scored, as before they could be asked for. */
    public ValidatorConfig(String namespace, Duration lateness, Duration latenessWall, Duration gapTimeout, Duration windowSize,
                           Duration windowAdvance, Path referenceProfile, boolean statistics) {
        this(namespace, lateness, latenessWall, gapTimeout, windowSize, windowAdvance, referenceProfile, statistics, false);
    }

    /** The defaults for a namespace. */
    public static ValidatorConfig of(String namespace) {
        return from(Map.of(NAMESPACE_CONFIG, namespace));
    }

    /**
     * Parses options by their names in {@link #DEFINITION}.
     *
     * @throws ConfigException naming the option that is missing or wrong
     */
    public static ValidatorConfig from(Map<String, ?> options) {
        AbstractConfig parsed = new AbstractConfig(DEFINITION, options, false);
        String profile = parsed.getString(REFERENCE_PROFILE_CONFIG);
        return new ValidatorConfig(parsed.getString(NAMESPACE_CONFIG),
                Duration.ofMillis(parsed.getLong(LATENESS_CONFIG)),
                Duration.ofMillis(parsed.getLong(LATENESS_WALL_CONFIG)),
                Duration.ofMillis(parsed.getLong(GAP_TIMEOUT_CONFIG)),
                Duration.ofMillis(parsed.getLong(WINDOW_SIZE_CONFIG)),
                Duration.ofMillis(parsed.getLong(WINDOW_ADVANCE_CONFIG)),
                profile.isBlank() ? null : Path.of(profile),
                parsed.getBoolean(STATISTICS_CONFIG),
                parsed.getBoolean(FEATURE_QUANTILES_CONFIG));
    }

    public ValidatorConfig withLateness(Duration value) {
        return new ValidatorConfig(namespace, value, latenessWall, gapTimeout, windowSize, windowAdvance, referenceProfile, statistics, featureQuantiles);
    }

    public ValidatorConfig withLatenessWall(Duration value) {
        return new ValidatorConfig(namespace, lateness, value, gapTimeout, windowSize, windowAdvance, referenceProfile, statistics, featureQuantiles);
    }

    public ValidatorConfig withGapTimeout(Duration value) {
        return new ValidatorConfig(namespace, lateness, latenessWall, value, windowSize, windowAdvance, referenceProfile, statistics, featureQuantiles);
    }

    public ValidatorConfig withWindows(Duration size, Duration advance) {
        return new ValidatorConfig(namespace, lateness, latenessWall, gapTimeout, size, advance, referenceProfile, statistics, featureQuantiles);
    }

    public ValidatorConfig withReferenceProfile(Path file) {
        return new ValidatorConfig(namespace, lateness, latenessWall, gapTimeout, windowSize, windowAdvance, file, statistics, featureQuantiles);
    }

    public ValidatorConfig withStatistics(boolean on) {
        return new ValidatorConfig(namespace, lateness, latenessWall, gapTimeout, windowSize, windowAdvance, referenceProfile, on, featureQuantiles);
    }

    public ValidatorConfig withFeatureQuantiles(boolean on) {
        return new ValidatorConfig(namespace, lateness, latenessWall, gapTimeout, windowSize, windowAdvance, referenceProfile, statistics, on);
    }

    /**
     * Whether features get quantile sketches: when asked ({@link #featureQuantiles}), or when drift is scored against a
     * reference profile, which compares their distributions.
     */
    public boolean keepFeatureQuantiles() {
        return featureQuantiles || referenceProfile != null;
    }

    /** The topics read and written. */
    public EventTopics topics() {
        return new EventTopics(namespace);
    }

    private static void require(Duration value, String name, boolean positive) {
        if (value == null || value.isNegative() || positive && value.isZero()) {
            throw new ConfigException(name, value == null ? null : value.toMillis(), positive ? "must be > 0" : "must be >= 0");
        }
    }
}
