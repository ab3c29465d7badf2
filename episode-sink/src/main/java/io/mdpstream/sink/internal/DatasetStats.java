package io.mdpstream.sink.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mdpstream.events.Moments;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.Summary;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a dataset holds, by scenario: counts by area, verdict and outcome, and, for the training set,
 * the return, the reward and every observation feature summarised (mergeable moments and quantile
 * sketches of the stream validator's {@link Summary}) and the action frequencies. Built from the
 * commit markers at start and updated with each batch. Not thread-safe.
 */
public final class DatasetStats {

    private final Map<String, ScenarioStats> scenarios = new TreeMap<>();
    private long batches;

    /** One scenario's part. */
    public static final class ScenarioStats {
        final TreeSet<String> versions = new TreeSet<>();
        long episodes;
        long steps;
        long quarantinedEpisodes;
        long quarantinedSteps;
        final Map<String, Long> verdicts = new TreeMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        final Summary returns = new Summary();
        final Map<String, Long> actions = new TreeMap<>();
        ReferenceProfile profile;

        /** The training set's profile, or null before its first step. */
        public ReferenceProfile profile() {
            return profile;
        }

        public long episodes() {
            return episodes;
        }

        public long steps() {
            return steps;
        }

        public long quarantinedEpisodes() {
            return quarantinedEpisodes;
        }
    }

    /** One stored episode. */
    public void addEpisode(String scenario, String version, boolean training, String verdict, long steps,
                           double episodeReturn, String outcome) {
        ScenarioStats stats = scenario(scenario);
        stats.versions.add(version);
        stats.verdicts.merge(verdict, 1L, Long::sum);
        stats.outcomes.merge(outcome == null ? "UNFINISHED" : outcome, 1L, Long::sum);
        if (training) {
            stats.episodes++;
            stats.steps += steps;
            stats.returns.add(episodeReturn);
        } else {
            stats.quarantinedEpisodes++;
            stats.quarantinedSteps += steps;
        }
    }

    /** A batch's training-set profile and action counts of one scenario. */
    public void addProfile(String scenario, ReferenceProfile profile, Map<String, Long> actions) {
        ScenarioStats stats = scenario(scenario);
        stats.profile = stats.profile == null ? profile : stats.profile.merge(profile);
        actions.forEach((label, count) -> stats.actions.merge(label, count, Long::sum));
    }

    public void addBatch() {
        batches++;
    }

    public Map<String, ScenarioStats> scenarios() {
        return scenarios;
    }

    private ScenarioStats scenario(String name) {
        return scenarios.computeIfAbsent(name, n -> new ScenarioStats());
    }

    /**
     * The metadata document.
     *
     * @param lookup the scenario of a name for its declared spaces, or null when not on the classpath
     */
    public ObjectNode toJson(String namespace, String format, Function<String, Scenario> lookup) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        root.put("dataset", "mdpstream");
        root.put("format_version", StoredDataset.FORMAT_VERSION);
        root.put("namespace", namespace);
        root.put("file_format", format);
        ObjectNode layout = root.putObject("layout");
        layout.put("steps", "steps/*." + format);
        layout.put("episodes", "episodes/*." + format);
        layout.put("quarantine_steps", "quarantine/steps/*." + format);
        layout.put("quarantine_episodes", "quarantine/episodes/*." + format);
        layout.put("events", "events/*." + format);
        layout.put("quarantine_events", "quarantine/events/*." + format);
        layout.put("schemas", "schemas/<schema_id>.avsc");
        layout.put("next_observation", "the observation of the next row of the same episode; none after the last row");
        ObjectNode totals = root.putObject("counts");
        long episodes = 0;
        long steps = 0;
        long quarantined = 0;
        long quarantinedSteps = 0;
        ObjectNode byScenario = root.putObject("scenarios");
        for (Map.Entry<String, ScenarioStats> entry : scenarios.entrySet()) {
            ScenarioStats stats = entry.getValue();
            episodes += stats.episodes;
            steps += stats.steps;
            quarantined += stats.quarantinedEpisodes;
            quarantinedSteps += stats.quarantinedSteps;
            ObjectNode node = byScenario.putObject(entry.getKey());
            node.putPOJO("versions", stats.versions);
            Scenario scenario = lookup.apply(entry.getKey());
            if (scenario != null) {
                node.set("observation_space", space(scenario.observationSpace()));
                node.set("action_space", space(scenario.actionSpace()));
                node.putPOJO("flat_observation", scenario.observationSpace().flatNames("observation"));
            }
            ObjectNode counts = node.putObject("counts");
            counts.put("episodes", stats.episodes);
            counts.put("steps", stats.steps);
            counts.put("quarantined_episodes", stats.quarantinedEpisodes);
            counts.put("quarantined_steps", stats.quarantinedSteps);
            counts.putPOJO("verdicts", stats.verdicts);
            counts.putPOJO("outcomes", stats.outcomes);
            ObjectNode statistics = node.putObject("statistics");
            statistics.set("episode_return", moments(stats.returns));
            if (stats.profile != null) {
                statistics.set("reward", moments(stats.profile.reward()));
                ObjectNode features = statistics.putObject("observation");
                for (String feature : stats.profile.featureNames()) {
                    features.set(feature, moments(stats.profile.feature(feature).orElseThrow()));
                }
            }
            statistics.putPOJO("action_frequencies", stats.actions);
        }
        totals.put("episodes", episodes);
        totals.put("steps", steps);
        totals.put("quarantined_episodes", quarantined);
        totals.put("quarantined_steps", quarantinedSteps);
        totals.put("batches", batches);
        return root;
    }

    private static ObjectNode space(Space space) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("space", space.toString());
        node.put("flat_dimension", space.flatDimension());
        if (space instanceof Dict dict) {
            ObjectNode fields = node.putObject("fields");
            dict.spaces().forEach((name, sub) -> {
                ObjectNode field = fields.putObject(name);
                field.put("space", sub.toString());
                if (dict.doc(name) != null) {
                    field.put("doc", dict.doc(name));
                }
            });
        }
        return node;
    }

    private static ObjectNode moments(Summary summary) {
        Moments moments = summary.toMoments();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", moments.getCount());
        node.put("mean", moments.getMean());
        node.put("std", moments.getStd());
        node.put("min", moments.getMin());
        node.put("max", moments.getMax());
        moments.getQuantiles().forEach(node::put);
        return node;
    }
}
