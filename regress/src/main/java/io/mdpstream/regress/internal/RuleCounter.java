package io.mdpstream.regress.internal;

import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.validate.Rule;
import io.mdpstream.validate.ScenarioChecks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts broken rules in episodes generated in process, with the stream validator's own constraint
 * rules ({@link ScenarioChecks}): observations inside their space and the invariants, actions inside
 * the space and the state's mask, reward values, reward delays. The validator's temporal rules check
 * how events travelled through Kafka (seq gaps and duplicates, order across topics, start and end
 * bracketing); events that never left the process cannot break them, so they are not run. Not
 * thread-safe: one counter per thread.
 */
public final class RuleCounter {

    /** The rules a counter runs. */
    public static final List<Rule> RULES = List.of(Rule.OBSERVATION_RANGE, Rule.INVARIANT, Rule.ACTION_SPACE, Rule.ACTION_MASK,
            Rule.REWARD_VALUE, Rule.REWARD_DELAY);

    /** Why the other rules are not run, for reports. */
    public static final String NOT_RUN = "the temporal.* rules check how events travelled through Kafka (seq gaps and "
            + "duplicates, order across topics, start and end); episodes run in process never travel, so only the constraint "
            + "rules and the reward delay are run on them";

    private final ScenarioChecks checks;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<Integer, Double> decisionTimes = new HashMap<>();
    private boolean[] mask = new boolean[0];

    public RuleCounter(Scenario scenario) {
        this.checks = new ScenarioChecks(scenario);
    }

    /** Starts a new episode; the counts go on adding up. */
    public void startEpisode() {
        decisionTimes.clear();
        mask = new boolean[0];
    }

    /** Checks one event of the current episode, in order. */
    public void check(TraceEvent event) {
        if (event instanceof TraceEvent.StateEvent state) {
            checks.observationValue(state.observation()).forEach(this::count);
            mask = state.mask();
            decisionTimes.put(state.step(), state.time());
        } else if (event instanceof TraceEvent.ActionEvent action) {
            count(checks.actionValue(action.action(), mask));
        } else if (event instanceof TraceEvent.RewardEvent reward) {
            count(ScenarioChecks.rewardValue(reward.value(), reward.components()));
            Double decided = decisionTimes.get(reward.creditedStep());
            if (decided != null) {
                count(checks.rewardDelay(reward.creditedStep(), Math.round((reward.time() - decided) * 1000)));
            }
        }
    }

    /** Checks every event of one episode. */
    public void checkEpisode(List<TraceEvent> events) {
        startEpisode();
        events.forEach(this::check);
    }

    /** Broken rules so far, by rule id. */
    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private void count(ScenarioChecks.Finding finding) {
        if (finding != null) {
            counts.merge(finding.rule().id(), 1L, Long::sum);
        }
    }
}
