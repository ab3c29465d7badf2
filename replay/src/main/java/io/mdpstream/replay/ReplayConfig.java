package io.mdpstream.replay;

import io.mdpstream.contract.EventTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a stored dataset is replayed, parsed once and checked in its constructor. Each option has a
 * name, type, default, validator and doc in {@link #DEFINITION}, as {@code SinkConfig} does;
 * {@link #from} fails with a {@link ConfigException} naming the option.
 *
 * <p>Perturbations are off by default (the replay is then identical to the recording) and all
 * deterministic from {@link #seed}: the same dataset, options and seed give the same stream.
 *
 * @param source            the dataset directory (written by {@code mdpstream sink})
 * @param namespace         events go to {@code <namespace>.episodes|states|actions|rewards}
 * @param speed             simulated seconds per wall second; {@link Double#POSITIVE_INFINITY} for as fast as possible
 * @param timeScale         each event's offset from its episode's start is multiplied by this
 * @param keepProbability   each episode is replayed with this probability (thinning); 1 keeps all
 * @param noiseSigma        Gaussian noise on numeric observation fields, in standard deviations of the
 *                          field in the dataset's training set; 0 for none
 * @param noiseClip         whether noised values are clipped to the observation space (so they stay valid)
 * @param seed              seed of thinning and noise
 * @param includeQuarantine whether quarantined episodes are replayed too
 * @param partitions        partitions of the topics the replay creates
 * @param replicationFactor replication factor of the topics the replay creates
 * @param commitInterval    longest wall time between transaction commits
 */
public record ReplayConfig(Path source, String namespace, double speed, double timeScale, double keepProbability,
                           double noiseSigma, boolean noiseClip, long seed, boolean includeQuarantine, int partitions,
                           short replicationFactor, Duration commitInterval) {

    public static final String SOURCE_CONFIG = "source.dir";
    private static final String SOURCE_DOC = "Directory of the stored dataset to replay (written by mdpstream sink).";
    public static final String NAMESPACE_CONFIG = "namespace";
    private static final String NAMESPACE_DOC = "Namespace to publish to: <namespace>.episodes, .states, .actions, .rewards.";
    public static final String SPEED_CONFIG = "speed";
    private static final String SPEED_DOC = "max (as fast as possible) or simulated seconds per wall second (1 = real time); "
            + "no event leaves before its wall-clock due time.";
    public static final String TIME_SCALE_CONFIG = "time.scale";
    private static final String TIME_SCALE_DOC = "Multiplies each event's offset from its episode's start (2 stretches episodes "
            + "to twice their simulated length); 1 keeps the recorded times.";
    public static final String KEEP_PROBABILITY_CONFIG = "thin.keep.probability";
    private static final String KEEP_PROBABILITY_DOC = "Probability of replaying each episode (whole episodes are kept or left "
            + "out, so the stream stays valid); 1 replays all.";
    public static final String NOISE_SIGMA_CONFIG = "noise.sigma";
    private static final String NOISE_SIGMA_DOC = "Gaussian noise added to numeric observation fields, in standard deviations of "
            + "each field in the dataset's training set; 0 for none.";
    public static final String NOISE_CLIP_CONFIG = "noise.clip";
    private static final String NOISE_CLIP_DOC = "Clip noised values to the observation space (and round integer fields), so "
            + "every state stays valid; false lets noise leave the space, to test a consumer's checks.";
    public static final String SEED_CONFIG = "seed";
    private static final String SEED_DOC = "Seed of thinning and noise: the same seed gives the same perturbed stream.";
    public static final String INCLUDE_QUARANTINE_CONFIG = "include.quarantine";
    private static final String INCLUDE_QUARANTINE_DOC = "Replay quarantined episodes too (invalid, unvalidated or incomplete).";
    public static final String PARTITIONS_CONFIG = "partitions";
    private static final String PARTITIONS_DOC = "Partitions of the topics the replay creates.";
    public static final String REPLICATION_FACTOR_CONFIG = "replication.factor";
    private static final String REPLICATION_FACTOR_DOC = "Replication factor of the topics the replay creates.";
    public static final String COMMIT_INTERVAL_CONFIG = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_DOC = "Longest wall time between transaction commits.";

    /** The value of {@link #SPEED_CONFIG} for as fast as possible. */
    public static final String MAX_SPEED = "max";

    /** Every option, described. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(SOURCE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, SOURCE_DOC)
            .define(NAMESPACE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, NAMESPACE_DOC)
            .define(SPEED_CONFIG, ConfigDef.Type.STRING, MAX_SPEED, (name, value) -> speed(value),
                    ConfigDef.Importance.HIGH, SPEED_DOC)
            .define(TIME_SCALE_CONFIG, ConfigDef.Type.DOUBLE, 1.0, positive(), ConfigDef.Importance.MEDIUM, TIME_SCALE_DOC)
            .define(KEEP_PROBABILITY_CONFIG, ConfigDef.Type.DOUBLE, 1.0, (name, value) -> {
                double p = (Double) value;
                if (!(p > 0 && p <= 1)) {
                    throw new ConfigException(name, value, "must be in (0, 1]: the probability of keeping an episode");
                }
            }, ConfigDef.Importance.MEDIUM, KEEP_PROBABILITY_DOC)
            .define(NOISE_SIGMA_CONFIG, ConfigDef.Type.DOUBLE, 0.0, (name, value) -> {
                double sigma = (Double) value;
                if (!(sigma >= 0 && Double.isFinite(sigma))) {
                    throw new ConfigException(name, value, "must be a finite number >= 0");
                }
            }, ConfigDef.Importance.MEDIUM, NOISE_SIGMA_DOC)
            .define(NOISE_CLIP_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW, NOISE_CLIP_DOC)
            .define(SEED_CONFIG, ConfigDef.Type.LONG, 0L, ConfigDef.Importance.MEDIUM, SEED_DOC)
            .define(INCLUDE_QUARANTINE_CONFIG, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM, INCLUDE_QUARANTINE_DOC)
            .define(PARTITIONS_CONFIG, ConfigDef.Type.INT, 3, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, PARTITIONS_DOC)
            .define(REPLICATION_FACTOR_CONFIG, ConfigDef.Type.SHORT, (short) 1, ConfigDef.Range.between(1, Short.MAX_VALUE),
                    ConfigDef.Importance.LOW, REPLICATION_FACTOR_DOC)
            .define(COMMIT_INTERVAL_CONFIG, ConfigDef.Type.LONG, 100L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    COMMIT_INTERVAL_DOC);

    /** @throws ConfigException naming the option that is wrong */
    public ReplayConfig {
        if (source == null) {
            throw new ConfigException(SOURCE_CONFIG, null, "is required");
        }
        if (namespace == null) {
            throw new ConfigException(NAMESPACE_CONFIG, null, "is required");
        }
        try {
            new EventTopics(namespace); // the publisher's rules for a namespace
        } catch (IllegalArgumentException e) {
            throw new ConfigException(NAMESPACE_CONFIG, namespace, e.getMessage());
        }
        if (!(speed > 0)) {
            throw new ConfigException(SPEED_CONFIG, speed, "must be > 0 or max");
        }
        if (!(timeScale > 0 && Double.isFinite(timeScale))) {
            throw new ConfigException(TIME_SCALE_CONFIG, timeScale, "must be a finite number > 0");
        }
        if (!(keepProbability > 0 && keepProbability <= 1)) {
            throw new ConfigException(KEEP_PROBABILITY_CONFIG, keepProbability, "must be in (0, 1]");
        }
        if (!(noiseSigma >= 0 && Double.isFinite(noiseSigma))) {
            throw new ConfigException(NOISE_SIGMA_CONFIG, noiseSigma, "must be a finite number >= 0");
        }
        if (partitions < 1) {
            throw new ConfigException(PARTITIONS_CONFIG, partitions, "must be >= 1");
        }
        if (replicationFactor < 1) {
            throw new ConfigException(REPLICATION_FACTOR_CONFIG, replicationFactor, "must be >= 1");
        }
        if (commitInterval == null || commitInterval.toMillis() < 1) {
            throw new ConfigException(COMMIT_INTERVAL_CONFIG, commitInterval == null ? null : commitInterval.toMillis(),
                    "must be at least 1 ms");
        }
    }

    /** The defaults for a source and a namespace: an unperturbed replay at max speed. */
    public static ReplayConfig of(Path source, String namespace) {
        return from(Map.of(SOURCE_CONFIG, source.toString(), NAMESPACE_CONFIG, namespace));
    }

    /**
     * Parses options by their names in {@link #DEFINITION}; other keys are ignored.
     *
     * @throws ConfigException naming the option that is missing or wrong
     */
    public static ReplayConfig from(Map<String, ?> options) {
        AbstractConfig parsed = new AbstractConfig(DEFINITION, options, false);
        return new ReplayConfig(Path.of(parsed.getString(SOURCE_CONFIG)), parsed.getString(NAMESPACE_CONFIG),
                speed(parsed.getString(SPEED_CONFIG)), parsed.getDouble(TIME_SCALE_CONFIG),
                parsed.getDouble(KEEP_PROBABILITY_CONFIG), parsed.getDouble(NOISE_SIGMA_CONFIG),
                parsed.getBoolean(NOISE_CLIP_CONFIG), parsed.getLong(SEED_CONFIG), parsed.getBoolean(INCLUDE_QUARANTINE_CONFIG),
                parsed.getInt(PARTITIONS_CONFIG), parsed.getShort(REPLICATION_FACTOR_CONFIG),
                Duration.ofMillis(parsed.getLong(COMMIT_INTERVAL_CONFIG)));
    }

    /** This config as options, so a copy with one change is {@code from(toMap() + change)}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(SOURCE_CONFIG, source.toString());
        map.put(NAMESPACE_CONFIG, namespace);
        map.put(SPEED_CONFIG, Double.isInfinite(speed) ? MAX_SPEED : Double.toString(speed));
        map.put(TIME_SCALE_CONFIG, timeScale);
        map.put(KEEP_PROBABILITY_CONFIG, keepProbability);
        map.put(NOISE_SIGMA_CONFIG, noiseSigma);
        map.put(NOISE_CLIP_CONFIG, noiseClip);
        map.put(SEED_CONFIG, seed);
        map.put(INCLUDE_QUARANTINE_CONFIG, includeQuarantine);
        map.put(PARTITIONS_CONFIG, partitions);
        map.put(REPLICATION_FACTOR_CONFIG, replicationFactor);
        map.put(COMMIT_INTERVAL_CONFIG, commitInterval.toMillis());
        return map;
    }

    /** The topics written. */
    public EventTopics topics() {
        return new EventTopics(namespace);
    }

    /** Whether any perturbation is on; without one the replayed events are byte for byte the recorded bodies. */
    public boolean perturbed() {
        return timeScale != 1.0 || keepProbability < 1.0 || noiseSigma > 0;
    }

    /** {@code max} or a positive number, as a speed. */
    private static double speed(Object value) {
        String text = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals(MAX_SPEED)) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double speed = Double.parseDouble(text);
            if (speed > 0 && Double.isFinite(speed)) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(SPEED_CONFIG, value, "must be max or a number > 0 (simulated seconds per wall second)");
    }

    private static ConfigDef.Validator positive() {
        return (name, value) -> {
            double number = (Double) value;
            if (!(number > 0 && Double.isFinite(number))) {
                throw new ConfigException(name, value, "must be a finite number > 0");
            }
        };
    }

    @Override
    public String toString() {
        return "ReplayConfig" + new TreeMap<>(toMap());
    }
}
