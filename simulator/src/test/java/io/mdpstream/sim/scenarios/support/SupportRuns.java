package io.mdpstream.sim.scenarios.support;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Episode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs support episodes for the tests: parameters from YAML overrides, traces, and what they add up to. */
final class SupportRuns {

    static final SupportRoutingScenario SCENARIO = new SupportRoutingScenario();
    /** A Monday at 06:00 UTC, as the contract test starts. */
    static final Instant MONDAY_6AM = Instant.parse("2026-03-02T06:00:00Z");

    private SupportRuns() {
    }

    /** The defaults overlaid with {@code yaml}, written to a file in {@code dir}. */
    static ParameterSet parameters(Path dir, String yaml) {
        return Scenarios.parameters(SCENARIO, "overrides.yaml", yaml);
    }

    static EpisodeRunner runner(ParameterSet parameters, String policy, Instant start) {
        return new EpisodeRunner(SCENARIO, parameters, Policies.named(policy, SCENARIO), "test", 42, start,
                DriverOptions.defaults().withExogenousRecording(true));
    }

    /** Every trace event and the exogenous history of one episode. */
    record Run(List<TraceEvent> trace, List<Episode.ExogenousChange> exogenous) {

        /** The last value recorded for an exogenous variable, or 0. */
        double lastExogenous(String name) {
            double value = 0;
            for (Episode.ExogenousChange change : exogenous) {
                if (change.name().equals(name)) {
                    value = change.value();
                }
            }
            return value;
        }

        List<TraceEvent.StateEvent> states() {
            return trace.stream().filter(TraceEvent.StateEvent.class::isInstance).map(TraceEvent.StateEvent.class::cast)
                    .toList();
        }

        /** The observation of the last decision. */
        Map<String, Object> lastObservation() {
            List<TraceEvent.StateEvent> states = states();
            return states.get(states.size() - 1).observation();
        }

        /** Sum of one reward component over the episode. */
        double component(String name) {
            return trace.stream().filter(TraceEvent.RewardEvent.class::isInstance).map(TraceEvent.RewardEvent.class::cast)
                    .mapToDouble(r -> r.components().getOrDefault(name, 0.0)).sum();
        }

        /**
         * Seconds from each service decision to the end of that service (its resolved or transfer
         * reward): the handling times.
         */
        List<Double> handlingSeconds() {
            Map<Integer, Double> started = new java.util.HashMap<>();
            List<Double> durations = new ArrayList<>();
            for (TraceEvent event : trace) {
                if (event instanceof TraceEvent.ActionEvent action && (Integer) action.action() != SupportLayout.HOLD) {
                    started.put(action.step(), action.time());
                } else if (event instanceof TraceEvent.RewardEvent reward
                        && (reward.components().containsKey("resolved") || reward.components().containsKey("transfer"))) {
                    durations.add(reward.time() - started.get(reward.creditedStep()));
                }
            }
            return durations;
        }
    }

    static Run run(EpisodeRunner runner, long index) {
        EpisodeDriver driver = runner.driver(index);
        List<TraceEvent> trace = EpisodeRunner.run(driver, runner.policy());
        return new Run(trace, driver.episode().exogenousChanges());
    }

    static List<Run> runs(EpisodeRunner runner, int episodes) {
        List<Run> runs = new ArrayList<>(episodes);
        for (int i = 0; i < episodes; i++) {
            runs.add(run(runner, i));
        }
        return runs;
    }

    static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
