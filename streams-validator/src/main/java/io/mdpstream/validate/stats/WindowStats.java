package io.mdpstream.validate.stats;

import io.mdpstream.validate.EventKind;
import io.mdpstream.events.DriftScore;
import io.mdpstream.events.Moments;
import io.mdpstream.events.WindowMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * The aggregate of one window: event counts by {@link EventKind}, a {@link Summary} of rewards, a {@code Summary} per
 * observation feature (by {@link Features} path), action frequencies by label and violations by rule.
 *
 * <p><b>Bounded memory.</b> At most {@value #MAX_KEYS} distinct feature paths, {@value #MAX_KEYS} action labels and
 * {@value #MAX_KEYS} violation rules are kept by name, the first ones seen; the rest are pooled under
 * {@value #OTHER}: their counts add up there, and for features their values go into one pooled summary, which is only
 * a sign that the cap was hit (it mixes unrelated variables and is never scored for drift). A real key named
 * {@value #OTHER} shares that entry. Each summary holds at most about 16 KiB of buckets, so a window stays within about
 * 4 MiB however many records it sees; typical observations take a few KiB per feature.
 *
 * <p><b>Feature quantiles.</b> A window made with {@code featureQuantiles} false keeps each feature's moments only
 * ({@link Summary#momentsOnly()}): its metrics give no quantiles for features, and no drift can be scored on them. That
 * saves the work of a sketch per feature (filled, merged, written and read: about a tenth of the validator's), so the validator
 * keeps feature sketches only when a reference profile is scored or captured, or when asked. The reward always has
 * its sketch.
 *
 * <p><b>Order.</b> Maps keep first-seen order (for features: the observation's field order), and {@link #merge}
 * appends the other window's new keys in its order, so the same records in the same order give equal windows and the
 * same serialized bytes.
 *
 * <p>Not thread-safe: an accumulator for one aggregation. Nothing here accepts or returns null unless it says so.
 */
public final class WindowStats {

    /** Most distinct names kept per map (features, action labels, violation rules). */
    public static final int MAX_KEYS = 256;
    /** The key under which names beyond {@link #MAX_KEYS} are pooled. */
    public static final String OTHER = "_other";
    /** The feature name the reward's drift scores carry. */
    public static final String REWARD = "reward";

    private final boolean featureQuantiles;
    private final long[] eventCounts = new long[EventKind.values().length];
    private final Summary reward = new Summary();
    private final Map<String, Summary> features = new LinkedHashMap<>();
    private final Map<String, Long> actions = new LinkedHashMap<>();
    private final Map<String, Long> violations = new LinkedHashMap<>();
    /** The last state's feature paths and their summaries, in order (see {@link StateFeatures}); not part of the value. */
    private String[] recentPaths = new String[0];
    private Summary[] recentSummaries = new Summary[0];

    /** An empty window whose features have quantile sketches. */
    public WindowStats() {
        this(true);
    }

    /**
     * An empty window.
     *
     * @param featureQuantiles whether its features get quantile sketches, or their moments only (see the class comment)
     */
    public WindowStats(boolean featureQuantiles) {
        this.featureQuantiles = featureQuantiles;
    }

    /** Whether features new to this window get quantile sketches (see the class comment). */
    public boolean featureQuantiles() {
        return featureQuantiles;
    }

    /** Counts one event of this kind without any value; the {@code add...} methods count their own events. */
    public WindowStats count(EventKind kind) {
        return count(kind, 1);
    }

    /**
     * Counts {@code n} events of this kind.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public WindowStats count(EventKind kind, long n) {
        Objects.requireNonNull(kind, "kind");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        eventCounts[kind.ordinal()] += n;
        return this;
    }

    /** Counts one state event and adds its observation's numeric features (see {@link Features#flatten}). */
    public WindowStats addState(GenericRecord observation) {
        Objects.requireNonNull(observation, "observation");
        count(EventKind.STATES);
        // Straight from the record: a map of boxed values per state costs more than the summaries themselves.
        Features.forEach(observation, new StateFeatures());
        return this;
    }

    /**
     * Adds one state's features, finding each summary through the features of the state before: states
     * of one schema bring the same path instances in the same order, so an identity check stands in
     * for a map lookup per feature. A path that differs is looked up and remembered in its place.
     */
    private final class StateFeatures implements Features.FeatureConsumer {
        private int index;

        @Override
        public void accept(String path, double value) {
            int i = index++;
            if (i >= recentPaths.length) {
                recentPaths = Arrays.copyOf(recentPaths, Math.max(16, 2 * i));
                recentSummaries = Arrays.copyOf(recentSummaries, recentPaths.length);
            }
            Summary summary = recentSummaries[i];
            if (recentPaths[i] != path) {
                summary = feature(path);
                recentPaths[i] = path;
                recentSummaries[i] = summary;
            }
            summary.add(value);
        }
    }

    /**
     * Counts one state event and adds these feature values.
     *
     * @param features values by path; null keys or values are not allowed
     */
    public WindowStats addState(Map<String, Double> features) {
        Objects.requireNonNull(features, "features");
        count(EventKind.STATES);
        for (Map.Entry<String, Double> entry : features.entrySet()) {
            String name = entry.getKey();
            Double value = entry.getValue();
            if (name == null || value == null) {
                throw new NullPointerException(name == null ? "feature name" : "value of feature " + name);
            }
            feature(name).add(value);
        }
        return this;
    }

    /** Counts one action event and one use of this label. */
    public WindowStats addAction(String label) {
        Objects.requireNonNull(label, "label");
        count(EventKind.ACTIONS);
        actions.merge(capped(actions, label), 1L, Long::sum);
        return this;
    }

    /** Counts one reward event and adds its value (a non-finite value is counted by the summary, see there). */
    public WindowStats addReward(double value) {
        count(EventKind.REWARDS);
        reward.add(value);
        return this;
    }

    /** Counts one violation of this rule; a violation is not an event. */
    public WindowStats addViolation(String rule) {
        Objects.requireNonNull(rule, "rule");
        violations.merge(capped(violations, rule), 1L, Long::sum);
        return this;
    }

    /**
     * Adds everything in {@code other} to this window; {@code other} is unchanged. Names new to this window are kept
     * while there is room, the rest pooled under {@value #OTHER}.
     *
     * @return this window
     */
    public WindowStats merge(WindowStats other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            return merge(other.copy());
        }
        for (int i = 0; i < eventCounts.length; i++) {
            eventCounts[i] += other.eventCounts[i];
        }
        reward.merge(other.reward);
        other.features.forEach((name, summary) -> feature(name).merge(summary));
        other.actions.forEach((label, n) -> actions.merge(capped(actions, label), n, Long::sum));
        other.violations.forEach((rule, n) -> violations.merge(capped(violations, rule), n, Long::sum));
        return this;
    }

    /** An independent copy. */
    public WindowStats copy() {
        return new WindowStats(featureQuantiles).merge(this);
    }

    public long eventCount(EventKind kind) {
        return eventCounts[kind.ordinal()];
    }

    /** Events of all kinds. */
    public long totalEvents() {
        long sum = 0;
        for (long n : eventCounts) {
            sum += n;
        }
        return sum;
    }

    /** Violations of all rules. */
    public long totalViolations() {
        long sum = 0;
        for (long n : violations.values()) {
            sum += n;
        }
        return sum;
    }

    /** The reward summary, live: copy it before changing it. */
    public Summary reward() {
        return reward;
    }

    /** Feature summaries by path in first-seen order; an unmodifiable view of live summaries. */
    public Map<String, Summary> features() {
        return Collections.unmodifiableMap(features);
    }

    /** Action counts by label in first-seen order; an unmodifiable view. */
    public Map<String, Long> actionFrequencies() {
        return Collections.unmodifiableMap(actions);
    }

    /** Violation counts by rule in first-seen order; an unmodifiable view. */
    public Map<String, Long> violations() {
        return Collections.unmodifiableMap(violations);
    }

    /**
     * This window as the Avro {@link WindowMetrics} record. {@code violation_rate} is violations per event, 0 when
     * there are no events. With a profile, {@code drift} holds the scores (see {@link Drift#scores}) of the reward
     * (as feature {@value #REWARD}) and of each feature that both the profile and this window have, in this window's
     * feature order; the {@value #OTHER} pool is never scored.
     *
     * @param profileOrNull the reference to score drift against, or null for no drift scores
     * @throws IllegalArgumentException if {@code windowEndMs < windowStartMs}
     */
    public WindowMetrics toAvro(String namespace, String scenario, long windowStartMs, long windowEndMs,
            ReferenceProfile profileOrNull, DriftThresholds thresholds) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(thresholds, "thresholds");
        if (windowEndMs < windowStartMs) {
            throw new IllegalArgumentException("windowEndMs " + windowEndMs + " is before windowStartMs "
                    + windowStartMs);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EventKind kind : EventKind.values()) {
            counts.put(kind.label(), eventCount(kind));
        }
        Map<String, Moments> moments = new LinkedHashMap<>();
        features.forEach((name, summary) -> moments.put(name, summary.toMoments()));
        long events = totalEvents();
        double violationRate = events == 0 ? 0 : (double) totalViolations() / events;
        return WindowMetrics.newBuilder()
                .setNamespace(namespace)
                .setScenario(scenario)
                .setWindowStart(Instant.ofEpochMilli(windowStartMs))
                .setWindowEnd(Instant.ofEpochMilli(windowEndMs))
                .setEventCounts(counts)
                .setReward(reward.toMoments())
                .setFeatures(moments)
                .setActionFrequencies(new LinkedHashMap<>(actions))
                .setViolations(new LinkedHashMap<>(violations))
                .setViolationRate(violationRate)
                .setDrift(profileOrNull == null ? new ArrayList<>() : drift(profileOrNull, thresholds))
                .build();
    }

    private List<DriftScore> drift(ReferenceProfile profile, DriftThresholds thresholds) {
        List<DriftScore> scores = new ArrayList<>(Drift.scores(REWARD, profile.rewardSummary(), reward, thresholds));
        features.forEach((name, summary) -> {
            Summary reference = profile.featureSummaries().get(name);
            if (reference != null && !OTHER.equals(name)) {
                scores.addAll(Drift.scores(name, reference, summary, thresholds));
            }
        });
        return scores;
    }

    private Summary feature(String name) {
        // One lookup for the common case, a name seen before; as computeIfAbsent(capped(features, name), ...) else.
        Summary summary = features.get(name);
        if (summary != null) {
            return summary;
        }
        int named = features.size() - (features.containsKey(OTHER) ? 1 : 0);
        String key = named < MAX_KEYS ? name : OTHER;
        summary = key == name ? null : features.get(OTHER);
        if (summary == null) {
            summary = featureQuantiles ? new Summary() : Summary.momentsOnly();
            features.put(key, summary);
        }
        return summary;
    }

    private static String capped(Map<String, ?> map, String key) {
        if (map.containsKey(key)) {
            return key;
        }
        int named = map.size() - (map.containsKey(OTHER) ? 1 : 0);
        return named < MAX_KEYS ? key : OTHER;
    }

    // ---- package-private, for Share ----

    /**
     * Adds the features of {@code rows} states whose values came under the same {@code paths}, row after row
     * ({@code values[row * paths.length + column]}), as {@link #addState} would one by one; counts no event.
     */
    void addFeatureRows(String[] paths, double[] values, int rows) {
        // Column by column (the same values in the same order for each summary as row by row), so that each
        // summary's sketch makes room for its column at once.
        for (int c = 0; c < paths.length; c++) {
            feature(paths[c]).addAll(values, c, paths.length, rows);
        }
    }

    // ---- package-private, for WindowStatsSerde ----

    long[] eventCountsArray() {
        return eventCounts;
    }

    Map<String, Summary> featuresMap() {
        return features;
    }

    Map<String, Long> actionsMap() {
        return actions;
    }

    Map<String, Long> violationsMap() {
        return violations;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        // Map.equals ignores order, which is part of the state here: compare the entry lists.
        return o instanceof WindowStats other
                && Arrays.equals(eventCounts, other.eventCounts)
                && reward.equals(other.reward)
                && new ArrayList<>(features.entrySet()).equals(new ArrayList<>(other.features.entrySet()))
                && new ArrayList<>(actions.entrySet()).equals(new ArrayList<>(other.actions.entrySet()))
                && new ArrayList<>(violations.entrySet()).equals(new ArrayList<>(other.violations.entrySet()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(eventCounts), reward, features, actions, violations);
    }

    @Override
    public String toString() {
        return "WindowStats[events=" + totalEvents() + ", features=" + features.size() + ", actions=" + actions.size()
                + ", violations=" + totalViolations() + "]";
    }
}
