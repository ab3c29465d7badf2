package io.mdpstream.sim.scenarios.pricing;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.SideRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Runs pricing episodes for the tests: parameter overrides, simple policies, and what a run produced. */
final class PricingRuns {

    static final Instant MONDAY_6AM = Instant.parse("2026-03-02T06:00:00Z");
    static final DynamicPricingScenario SCENARIO = new DynamicPricingScenario();

    private PricingRuns() {
    }

    /** The defaults overlaid with {@code yaml} (empty for the defaults alone). */
    static ParameterSet parameters(String yaml) {
        return yaml.isEmpty() ? Scenarios.parameters(SCENARIO, null) : Scenarios.parameters(SCENARIO, "overrides.yaml", yaml);
    }

    /** Every category moves {@code rungs} (-1, 0 or +1) whenever the mask allows it, else holds. */
    static Policy moving(int rungs) {
        return new Policy() {
            private final PolicyId id = new PolicyId("move" + rungs, "test");

            @Override
            public PolicyId id() {
                return id;
            }

            @Override
            public ActionChoice choose(Decision decision, RandomGenerator random) {
                int[] levels = DynamicPricingScenario.currentLevels(decision.observation());
                for (int c = 0; c < levels.length; c++) {
                    int target = levels[c] + rungs;
                    if (target >= 0 && target < PriceLadder.LEVELS && decision.allowed(c * PriceLadder.LEVELS + target)) {
                        levels[c] = target;
                    }
                }
                return new ActionChoice(levels, 1.0);
            }
        };
    }

    /** One whole episode: its trace and its purchase records. */
    static Run run(ParameterSet parameters, Policy policy, long index) {
        EpisodeRunner runner = new EpisodeRunner(SCENARIO, parameters, policy, "test", 42, MONDAY_6AM, DriverOptions.defaults());
        EpisodeDriver driver = runner.driver(index);
        List<TraceEvent> trace = EpisodeRunner.run(driver, policy);
        return new Run(trace, driver.drainSideRecords());
    }

    /** What one episode produced. */
    record Run(List<TraceEvent> trace, List<SideRecord> purchases) {

        List<TraceEvent.StateEvent> states() {
            List<TraceEvent.StateEvent> states = new ArrayList<>();
            for (TraceEvent event : trace) {
                if (event instanceof TraceEvent.StateEvent state) {
                    states.add(state);
                }
            }
            return states;
        }

        List<TraceEvent.RewardEvent> rewards() {
            List<TraceEvent.RewardEvent> rewards = new ArrayList<>();
            for (TraceEvent event : trace) {
                if (event instanceof TraceEvent.RewardEvent reward) {
                    rewards.add(reward);
                }
            }
            return rewards;
        }

        Map<String, Object> lastObservation() {
            List<TraceEvent.StateEvent> states = states();
            return states.get(states.size() - 1).observation();
        }

        /** Units sold over the season, all categories, from the purchase records. */
        long unitsSold() {
            long units = 0;
            for (SideRecord purchase : purchases) {
                units += (Long) purchase.record().get("quantity");
            }
            return units;
        }

        double component(String name) {
            double sum = 0;
            for (TraceEvent.RewardEvent reward : rewards()) {
                sum += reward.components().getOrDefault(name, 0.0);
            }
            return sum;
        }

        double episodeReturn() {
            return ((TraceEvent.EpisodeEnd) trace.get(trace.size() - 1)).episodeReturn();
        }

        /** Sum over states of an integer vector field's element {@code c}, or of all elements when c < 0. */
        long total(String field, int c) {
            long sum = 0;
            for (TraceEvent.StateEvent state : states()) {
                long[] values = (long[]) state.observation().get(field);
                for (int i = 0; i < values.length; i++) {
                    if (c < 0 || i == c) {
                        sum += values[i];
                    }
                }
            }
            return sum;
        }
    }
}
