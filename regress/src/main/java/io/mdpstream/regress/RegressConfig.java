package io.mdpstream.regress;

import io.mdpstream.contract.EventTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a regression runs, parsed once and checked in its constructor. Each option has a name, type,
 * default, validator and doc in {@link #DEFINITION}; {@link #from} fails with a {@link ConfigException}
 * naming the option.
 *
 * @param baselineDir the stored dataset whose episodes are re-run (written by {@code mdpstream sink})
 * @param policy      the candidate: a built-in policy name ({@code random}, {@code heuristic},
 *                    {@code softmax:T}, {@code epsilon:E}), checked against the baseline's scenario
 *                    when the regression starts, or {@code external} for an agent in the loop
 * @param episodes    how many baseline episodes to re-run, the first by run and index; 0 for all
 * @param confidence  level of the confidence interval of the mean return difference
 * @param margin      how far below the baseline the candidate's mean may be before it is significantly
 *                    worse: the verdict fails when the interval's upper bound is below {@code -margin}
 * @param maxSteps    decisions after which a re-run episode is truncated; 0 to take the baseline's
 *                    limit from its truncated episodes (or the simulator's default when none hit it)
 * @param namespace   with an external agent: the topic prefix the episodes are published under and the
 *                    agent answers on; null for {@code <scenario>-regress}
 * @param inFlight    with an external agent: episodes waiting for it at once
 * @param agentTimeout with an external agent: how long it has to answer a decision before the
 *                    scenario's fallback action is applied
 * @param partitions  with an external agent: partitions of the topics the regression creates
 * @param replicationFactor with an external agent: replication of the topics the regression creates
 */
public record RegressConfig(Path baselineDir, String policy, int episodes, double confidence, double margin, int maxSteps,
                            String namespace, int inFlight, Duration agentTimeout, int partitions, short replicationFactor) {

    /** The candidate that is an agent in the loop rather than a built-in policy. */
    public static final String EXTERNAL = "external";

    public static final String BASELINE_DIR_CONFIG = "baseline.dir";
    private static final String BASELINE_DIR_DOC = "Directory of the baseline dataset (written by mdpstream sink).";
    public static final String POLICY_CONFIG = "policy";
    private static final String POLICY_DOC = "Candidate policy: random, heuristic, softmax:T or epsilon:E, or external for an "
            + "agent answering on <namespace>.agent-actions.";
    public static final String EPISODES_CONFIG = "episodes";
    private static final String EPISODES_DOC = "Baseline episodes to re-run, the first by run and index; 0 for all.";
    public static final String CONFIDENCE_CONFIG = "confidence";
    private static final String CONFIDENCE_DOC = "Confidence level of the interval of the mean return difference (candidate - baseline).";
    public static final String MARGIN_CONFIG = "margin";
    private static final String MARGIN_DOC = "The candidate is significantly worse when the interval's upper bound is below -margin.";
    public static final String MAX_STEPS_CONFIG = "max.steps";
    private static final String MAX_STEPS_DOC = "Decisions after which a re-run episode is truncated; 0 takes the baseline's limit "
            + "from its truncated episodes, or the simulator's default when none reached one.";
    public static final String NAMESPACE_CONFIG = "namespace";
    private static final String NAMESPACE_DOC = "External agent: topic prefix of the re-run episodes (the agent reads "
            + "<namespace>.states and answers on <namespace>.agent-actions); default <scenario>-regress.";
    public static final String IN_FLIGHT_CONFIG = "in.flight";
    private static final String IN_FLIGHT_DOC = "External agent: episodes in flight at once, so the agent answers many decisions together.";
    public static final String AGENT_TIMEOUT_MS_CONFIG = "agent.timeout.ms";
    private static final String AGENT_TIMEOUT_MS_DOC = "External agent: how long it has to answer a decision before the "
            + "scenario's fallback action is applied (and counted).";
    public static final String PARTITIONS_CONFIG = "partitions";
    private static final String PARTITIONS_DOC = "External agent: partitions of the topics the regression creates.";
    public static final String REPLICATION_FACTOR_CONFIG = "replication.factor";
    private static final String REPLICATION_FACTOR_DOC = "External agent: replication factor of the topics the regression creates.";

    /** Every option, described. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BASELINE_DIR_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, BASELINE_DIR_DOC)
            .define(POLICY_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, POLICY_DOC)
            .define(EPISODES_CONFIG, ConfigDef.Type.INT, 0, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM, EPISODES_DOC)
            .define(CONFIDENCE_CONFIG, ConfigDef.Type.DOUBLE, 0.95, ConfigDef.Range.between(0.5, 0.9999),
                    ConfigDef.Importance.MEDIUM, CONFIDENCE_DOC)
            .define(MARGIN_CONFIG, ConfigDef.Type.DOUBLE, 0.0, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM, MARGIN_DOC)
            .define(MAX_STEPS_CONFIG, ConfigDef.Type.INT, 0, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW, MAX_STEPS_DOC)
            .define(NAMESPACE_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM, NAMESPACE_DOC)
            .define(IN_FLIGHT_CONFIG, ConfigDef.Type.INT, 8, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM, IN_FLIGHT_DOC)
            .define(AGENT_TIMEOUT_MS_CONFIG, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                    AGENT_TIMEOUT_MS_DOC)
            .define(PARTITIONS_CONFIG, ConfigDef.Type.INT, 3, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, PARTITIONS_DOC)
            .define(REPLICATION_FACTOR_CONFIG, ConfigDef.Type.SHORT, (short) 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    REPLICATION_FACTOR_DOC);

    /** @throws ConfigException naming the option that is wrong */
    public RegressConfig {
        if (baselineDir == null) {
            throw new ConfigException(BASELINE_DIR_CONFIG, null, "is required");
        }
        if (policy == null || policy.isBlank()) {
            throw new ConfigException(POLICY_CONFIG, policy, "is required");
        }
        if (episodes < 0) {
            throw new ConfigException(EPISODES_CONFIG, episodes, "must be >= 0 (0 for all)");
        }
        if (!(confidence >= 0.5 && confidence <= 0.9999)) {
            throw new ConfigException(CONFIDENCE_CONFIG, confidence, "must be within [0.5, 0.9999]");
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new ConfigException(MARGIN_CONFIG, margin, "must be a finite number >= 0");
        }
        if (maxSteps < 0) {
            throw new ConfigException(MAX_STEPS_CONFIG, maxSteps, "must be >= 0 (0 for the baseline's limit)");
        }
        if (namespace != null) {
            try {
                new EventTopics(namespace);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(NAMESPACE_CONFIG, namespace, e.getMessage());
            }
        }
        if (inFlight < 1) {
            throw new ConfigException(IN_FLIGHT_CONFIG, inFlight, "must be >= 1");
        }
        if (agentTimeout == null || agentTimeout.toMillis() < 1) {
            throw new ConfigException(AGENT_TIMEOUT_MS_CONFIG, agentTimeout, "must be at least 1 ms");
        }
        if (partitions < 1) {
            throw new ConfigException(PARTITIONS_CONFIG, partitions, "must be >= 1");
        }
        if (replicationFactor < 1) {
            throw new ConfigException(REPLICATION_FACTOR_CONFIG, replicationFactor, "must be >= 1");
        }
    }

    /** Whether the candidate is an agent in the loop. */
    public boolean externalAgent() {
        return EXTERNAL.equals(policy);
    }

    /** The defaults for a baseline and a candidate. */
    public static RegressConfig of(Path baselineDir, String policy) {
        return from(Map.of(BASELINE_DIR_CONFIG, baselineDir.toString(), POLICY_CONFIG, policy));
    }

    /**
     * Parses options by their names in {@link #DEFINITION}; other keys are ignored.
     *
     * @throws ConfigException naming the option that is missing or wrong
     */
    public static RegressConfig from(Map<String, ?> options) {
        AbstractConfig parsed = new AbstractConfig(DEFINITION, options, false);
        return new RegressConfig(Path.of(parsed.getString(BASELINE_DIR_CONFIG)), parsed.getString(POLICY_CONFIG),
                parsed.getInt(EPISODES_CONFIG), parsed.getDouble(CONFIDENCE_CONFIG), parsed.getDouble(MARGIN_CONFIG),
                parsed.getInt(MAX_STEPS_CONFIG), parsed.getString(NAMESPACE_CONFIG), parsed.getInt(IN_FLIGHT_CONFIG),
                Duration.ofMillis(parsed.getLong(AGENT_TIMEOUT_MS_CONFIG)), parsed.getInt(PARTITIONS_CONFIG),
                parsed.getShort(REPLICATION_FACTOR_CONFIG));
    }

    /** This config as options, so a copy with one change is {@code from(toMap() + change)}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(BASELINE_DIR_CONFIG, baselineDir.toString());
        map.put(POLICY_CONFIG, policy);
        map.put(EPISODES_CONFIG, episodes);
        map.put(CONFIDENCE_CONFIG, confidence);
        map.put(MARGIN_CONFIG, margin);
        map.put(MAX_STEPS_CONFIG, maxSteps);
        if (namespace != null) {
            map.put(NAMESPACE_CONFIG, namespace);
        }
        map.put(IN_FLIGHT_CONFIG, inFlight);
        map.put(AGENT_TIMEOUT_MS_CONFIG, agentTimeout.toMillis());
        map.put(PARTITIONS_CONFIG, partitions);
        map.put(REPLICATION_FACTOR_CONFIG, replicationFactor);
        return map;
    }
}
