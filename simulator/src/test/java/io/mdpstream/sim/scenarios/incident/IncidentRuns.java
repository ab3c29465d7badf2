package io.mdpstream.sim.scenarios.incident;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.SideRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** Drives incident episodes for the tests: parameter overrides, simple policies, what happened. */
final class IncidentRuns {

    static final IncidentTriageScenario SCENARIO = new IncidentTriageScenario();
    /** A Monday, 06:00 UTC, as in the contract test. */
    static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T06:00:00Z");

    private IncidentRuns() {
    }

    /** The defaults overlaid with {@code yaml}, written to a file in {@code dir}. */
    static ParameterSet parameters(Path dir, String yaml) {
        return yaml == null ? Scenarios.parameters(SCENARIO, null)
                : Scenarios.parameters(SCENARIO, "overrides.yaml", yaml);
    }

    static EpisodeRunner runner(ParameterSet parameters, Policy policy, long seed) {
        return new EpisodeRunner(SCENARIO, parameters, policy, "test", seed, MONDAY_MORNING, DriverOptions.defaults());
    }

    static Policy named(String name) {
        return Policies.named(name, SCENARIO);
    }

    /** What an episode produced. */
    record Result(double episodeReturn, int steps, List<Map<String, Object>> resolutions, List<TraceEvent> trace) {

        /** Sum of one reward component. */
        double component(String name) {
            return trace.stream().filter(TraceEvent.RewardEvent.class::isInstance).map(TraceEvent.RewardEvent.class::cast)
                    .mapToDouble(r -> r.components().getOrDefault(name, 0.0)).sum();
        }
    }

    /** Runs episode {@code index}, showing every decision to {@code onDecision} before acting. */
    static Result run(EpisodeRunner runner, long index, Consumer<Decision> onDecision) {
        EpisodeDriver driver = runner.driver(index);
        List<TraceEvent> trace = new ArrayList<>(driver.start());
        List<Map<String, Object>> resolutions = new ArrayList<>();
        while (!driver.finished()) {
            onDecision.accept(driver.pendingDecision());
            ActionChoice choice = runner.policy().choose(driver.pendingDecision(), driver.policyRandom());
            trace.addAll(driver.act(choice, ActionSource.POLICY, runner.policy().id()));
            for (SideRecord record : driver.drainSideRecords()) {
                resolutions.add(record.record());
            }
        }
        return new Result(driver.episodeReturn(), driver.steps(), resolutions, trace);
    }

    static Result run(EpisodeRunner runner, long index) {
        return run(runner, index, d -> {
        });
    }

    /**
     * Takes the top candidate, paging a specialist for it when one is free and its severity is at
     * least {@code escalateUpTo} (1 = sev1 only; 0 = never page). Holds when nothing can be taken.
     */
    static Policy topCandidate(int escalateUpTo) {
        return new Policy() {
            private final PolicyId id = new PolicyId("top-escalate-" + escalateUpTo, "test");

            @Override
            public PolicyId id() {
                return id;
            }

            @Override
            public ActionChoice choose(Decision decision, RandomGenerator random) {
                long severity = ((long[]) decision.observation().get(IncidentObservation.CAND_SEVERITY))[0];
                int take = TriageAction.take(0);
                int page = TriageAction.escalate(0);
                int action = severity >= 1 && severity <= escalateUpTo && decision.allowed(page) ? page
                        : decision.allowed(take) ? take : TriageAction.HOLD;
                return new ActionChoice(action, 1.0);
            }
        };
    }
}
