package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Decision;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs warehouse episodes for the dynamics tests: parameter overrides, small policies, trace summaries. */
final class WarehouseRuns {

    static final WarehouseScenario SCENARIO = new WarehouseScenario();
    static final Instant MONDAY_6AM = Instant.parse("2026-03-02T06:00:00Z");

    private WarehouseRuns() {
    }

    /** The defaults overlaid with {@code yaml}, written to a file in {@code dir}. */
    static ParameterSet parameters(Path dir, String yaml) {
        return Scenarios.parameters(SCENARIO, "overrides.yaml", yaml);
    }

    static EpisodeRunner runner(ParameterSet parameters, Policy policy) {
        return runner(parameters, policy, DriverOptions.defaults());
    }

    /** Validation on by default: every observation is checked against its space and the invariants. */
    static EpisodeRunner runner(ParameterSet parameters, Policy policy, DriverOptions options) {
        return new EpisodeRunner(SCENARIO, parameters, policy, "test", 42, MONDAY_6AM, options);
    }

    /** A deterministic policy from a function of the decision. */
    static Policy policy(String name, Function<Decision, Object> choose) {
        PolicyId id = new PolicyId(name, "test");
        return new Policy() {
            @Override
            public PolicyId id() {
                return id;
            }

            @Override
            public ActionChoice choose(Decision decision, java.util.random.RandomGenerator random) {
                return new ActionChoice(choose.apply(decision), null);
            }
        };
    }

    /** Releases and replenishes nothing, ever. */
    static Policy idle() {
        return policy("idle", SCENARIO::fallbackAction);
    }

    /** The heuristic's action, with {@code change} applied to it. */
    static Policy heuristicThen(String name, java.util.function.BiConsumer<Decision, Map<String, Object>> change) {
        return policy(name, decision -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> action = new LinkedHashMap<>((Map<String, Object>) SCENARIO.heuristic()
                    .choose(decision, null).action());
            change.accept(decision, action);
            return action;
        });
    }

    static Map<String, Double> componentTotals(List<TraceEvent> trace) {
        Map<String, Double> totals = new LinkedHashMap<>();
        for (TraceEvent event : trace) {
            if (event instanceof TraceEvent.RewardEvent reward) {
                reward.components().forEach((name, value) -> totals.merge(name, value, Double::sum));
            }
        }
        return totals;
    }

    /** Sum of one reward component over episodes {@code 0 .. episodes-1}. */
    static double total(EpisodeRunner runner, int episodes, String component) {
        double sum = 0;
        for (int i = 0; i < episodes; i++) {
            sum += componentTotals(runner.run(i)).getOrDefault(component, 0.0);
        }
        return sum;
    }

    static List<TraceEvent.StateEvent> states(List<TraceEvent> trace) {
        List<TraceEvent.StateEvent> states = new ArrayList<>();
        for (TraceEvent event : trace) {
            if (event instanceof TraceEvent.StateEvent state) {
                states.add(state);
            }
        }
        return states;
    }

    static long[] longs(TraceEvent.StateEvent state, String field) {
        return (long[]) state.observation().get(field);
    }

    static double[] doubles(TraceEvent.StateEvent state, String field) {
        return (double[]) state.observation().get(field);
    }
}
