package io.mdpstream.regress;

import java.nio.file.Path;
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
 *                    {@code softmax:T}, {@code epsilon:E}); checked against the baseline's scenario
 *                    when the regression starts ({@code external} is refused there for now)
 * @param episodes    how many baseline episodes to re-run, the first by run and index; 0 for all
 * @param confidence  level of the confidence interval of the mean return difference
 * @param margin      how far below the baseline the candidate's mean may be before it is significantly
 *                    worse: the verdict fails when the interval's upper bound is below {@code -margin}
 * @param maxSteps    decisions after which a re-run episode is truncated; 0 to take the baseline's
 *                    limit from its truncated episodes (or the simulator's default when none hit it)
 */
public record RegressConfig(Path baselineDir, String policy, int episodes, double confidence, double margin, int maxSteps) {

    public static final String BASELINE_DIR_CONFIG = "baseline.dir";
    private static final String BASELINE_DIR_DOC = "Directory of the baseline dataset (written by mdpstream sink).";
    public static final String POLICY_CONFIG = "policy";
    private static final String POLICY_DOC = "Candidate policy: random, heuristic, softmax:T or epsilon:E.";
    public static final String EPISODES_CONFIG = "episodes";
    private static final String EPISODES_DOC = "Baseline episodes to re-run, the first by run and index; 0 for all.";
    public static final String CONFIDENCE_CONFIG = "confidence";
    private static final String CONFIDENCE_DOC = "Confidence level of the interval of the mean return difference (candidate - baseline).";
    public static final String MARGIN_CONFIG = "margin";
    private static final String MARGIN_DOC = "The candidate is significantly worse when the interval's upper bound is below -margin.";
    public static final String MAX_STEPS_CONFIG = "max.steps";
    private static final String MAX_STEPS_DOC = "Decisions after which a re-run episode is truncated; 0 takes the baseline's limit "
            + "from its truncated episodes, or the simulator's default when none reached one.";

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
            .define(MAX_STEPS_CONFIG, ConfigDef.Type.INT, 0, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW, MAX_STEPS_DOC);

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
                parsed.getInt(MAX_STEPS_CONFIG));
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
        return map;
    }
}
