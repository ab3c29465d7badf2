package io.mdpstream.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import org.assertj.core.data.Offset;

/**
 * The checks of the scenario contract, each a function of a scenario and random inputs that throws
 * {@link AssertionError} when the scenario breaks the rule. {@link ScenarioContractTest} runs them on
 * every registered scenario; {@link ContractChecksTest} shows each one failing on a scenario built
 * to break it.
 */
public final class ContractChecks {

    static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private static final Map<Scenario, ParameterSet> PARAMETERS = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    private ContractChecks() {
    }

    /** The same seed, policy and parameters give the same events, bit for bit. */
    public static void sameSeedGivesTheSameEpisode(Scenario scenario, long seed, String policy) {
        EpisodeRunner runner = runner(scenario, policy, seed, DriverOptions.defaults().withMaxSteps(300));

        assertThat(json(runner, runner.run(3))).as("two runs of the same episode").isEqualTo(json(runner, runner.run(3)));
    }

    /**
     * The trace keeps the rules: contiguous seq, time never goes back, state then action then rewards
     * within a step, rewards credit past steps and sum their components, nothing after the end. The
     * driver's validation checks observations against space and invariants, actions against space and mask.
     */
    public static void traceKeepsTheRules(Scenario scenario, long seed, String policy, int maxSteps) {
        EpisodeRunner runner = runner(scenario, policy, seed, DriverOptions.defaults().withMaxSteps(maxSteps));
        List<TraceEvent> trace = runner.run(Math.floorMod(seed, 1000));

        assertThat(trace.get(0)).isInstanceOf(TraceEvent.EpisodeStart.class);
        assertThat(trace.get(trace.size() - 1)).isInstanceOf(TraceEvent.EpisodeEnd.class);
        double time = 0;
        int step = -1;
        double sum = 0;
        for (int i = 0; i < trace.size(); i++) {
            TraceEvent event = trace.get(i);
            assertThat(event.seq()).as("seq contiguous").isEqualTo(i);
            assertThat(event.time()).as("simulated time never goes back").isGreaterThanOrEqualTo(time);
            time = event.time();
            if (event instanceof TraceEvent.StateEvent state) {
                assertThat(state.step()).as("a state opens the next step").isEqualTo(step + 1);
                step = state.step();
                assertThat(trace.get(i + 1)).as("the action follows its state").isInstanceOf(TraceEvent.ActionEvent.class);
            } else if (event instanceof TraceEvent.ActionEvent action) {
                assertThat(action.step()).isEqualTo(step);
                assertThat(scenario.actionSpace().contains(action.action())).isTrue();
                if (action.probability() != null) {
                    assertThat(action.probability()).isGreaterThan(0.0);
                }
            } else if (event instanceof TraceEvent.RewardEvent reward) {
                assertThat(reward.step()).isEqualTo(step);
                assertThat(reward.creditedStep()).isBetween(0, step);
                assertThat(reward.components().values().stream().mapToDouble(Double::doubleValue).sum())
                        .as("components sum to the reward").isCloseTo(reward.value(), Offset.offset(1e-6));
                sum += reward.value();
            } else if (event instanceof TraceEvent.EpisodeEnd end) {
                assertThat(i).as("nothing after the end").isEqualTo(trace.size() - 1);
                assertThat(end.steps()).isEqualTo(step + 1);
                assertThat(end.episodeReturn()).isCloseTo(sum, Offset.offset(1e-6));
            }
        }
    }

    /**
     * At decision {@code k}, delaying every pending event at random does not change the observation:
     * it can only hold what is known now, not when something will happen.
     */
    public static void observationsHoldNothingFromTheFuture(Scenario scenario, long seed, int k) {
        EpisodeRunner runner = runner(scenario, "softmax:0.5", seed, DriverOptions.defaults());
        EpisodeDriver driver = runner.driver(7);
        driver.start();
        Policy policy = runner.policy();
        while (!driver.finished() && driver.pendingDecision().step() < k) {
            driver.act(policy.choose(driver.pendingDecision(), driver.policyRandom()), ActionSource.POLICY, policy.id());
        }
        if (driver.finished()) {
            return;
        }
        Map<String, Object> now = driver.pendingDecision().observation();

        Map<String, Object> perturbed = driver.episode().observeWithPerturbedFuture(new SplittableRandom(seed));

        assertThat(TraceJson.value(perturbed)).as("observation after delaying every pending event")
                .isEqualTo(TraceJson.value(now));
    }

    /** Forcing, at step {@code k}, the action the policy took reproduces the original episode. */
    public static void forkWithTheSameActionReproducesTheOriginal(Scenario scenario, long seed, int k) {
        EpisodeRunner runner = runner(scenario, "epsilon:0.2", seed, DriverOptions.defaults().withMaxSteps(200));
        List<TraceEvent> original = runner.run(11);
        TraceEvent.ActionEvent atK = original.stream().filter(TraceEvent.ActionEvent.class::isInstance)
                .map(TraceEvent.ActionEvent.class::cast).filter(a -> a.step() == k).findFirst().orElse(null);
        if (atK == null) {
            return;
        }

        List<TraceEvent> fork = io.mdpstream.sim.run.Fork.run(runner, 11, k, atK.action());

        assertThat(fork).hasSameSizeAs(original);
        for (int i = 0; i < fork.size(); i++) {
            TraceEvent a = original.get(i);
            TraceEvent b = fork.get(i);
            if (a instanceof TraceEvent.ActionEvent && a.step() == k) {
                // The fork marks the forced action with no propensity; everything else is identical.
                assertThat(TraceJson.value(((TraceEvent.ActionEvent) b).action()))
                        .isEqualTo(TraceJson.value(((TraceEvent.ActionEvent) a).action()));
                continue;
            }
            assertThat(TraceJson.toJson(runner.spec(11), scenario.name(), b))
                    .isEqualTo(TraceJson.toJson(runner.spec(11), scenario.name(), a));
        }
    }

    /**
     * Two forks that differ in the action at step {@code k} record the same history of every
     * exogenous variable, and record only declared ones.
     *
     * @return whether a non-empty history was compared
     */
    public static boolean exogenousVariablesDoNotDependOnActions(Scenario scenario, long seed, int k) {
        EpisodeRunner runner = runner(scenario, "heuristic", seed,
                DriverOptions.defaults().withMaxSteps(250).withExogenousRecording(true));
        EpisodeDriver probe = runner.driver(5);
        probe.start();
        Decision decision = probe.pendingDecision();
        while (decision != null && decision.step() < k) {
            probe.act(runner.policy().choose(decision, probe.policyRandom()), ActionSource.POLICY, runner.policy().id());
            decision = probe.pendingDecision();
        }
        if (decision == null) {
            return false;
        }
        Policy random = Policies.named("random", scenario);
        Object first = random.choose(decision, new SplittableRandom(seed)).action();
        Object second = null;
        SplittableRandom picker = new SplittableRandom(~seed);
        for (int attempt = 0; attempt < 50 && second == null; attempt++) {
            Object candidate = random.choose(decision, picker).action();
            if (!Objects.deepEquals(candidate, first)) {
                second = candidate;
            }
        }
        if (second == null) {
            return false;
        }

        Fork a = exogenous(runner, k, first);
        Fork b = exogenous(runner, k, second);
        // A fork may be cut by the step limit earlier than the other: compare what both lived through.
        double until = Math.min(a.end(), b.end());

        assertThat(a.until(until)).as("exogenous history with two different actions at step %d", k).isEqualTo(b.until(until));
        for (Episode.ExogenousChange change : a.changes()) {
            assertThat(scenario.causalModel().exogenous()).as("recorded variables are declared exogenous")
                    .contains(change.name());
        }
        return !a.until(until).isEmpty();
    }

    /** The exogenous history of one fork and the simulated time at which the fork ended. */
    private record Fork(List<Episode.ExogenousChange> changes, double end) {
        List<Episode.ExogenousChange> until(double time) {
            return changes.stream().filter(c -> c.time() <= time).toList();
        }
    }

    private static Fork exogenous(EpisodeRunner runner, int k, Object action) {
        EpisodeDriver driver = runner.driver(5);
        double end = 0;
        for (TraceEvent event : driver.start()) {
            end = event.time();
        }
        while (!driver.finished()) {
            ActionChoice choice = runner.policy().choose(driver.pendingDecision(), driver.policyRandom());
            if (driver.pendingDecision().step() == k) {
                choice = new ActionChoice(action, null);
            }
            for (TraceEvent event : driver.act(choice, ActionSource.POLICY, runner.policy().id())) {
                end = event.time();
            }
        }
        return new Fork(driver.episode().exogenousChanges(), end);
    }

    /** A runner for the scenario with its default parameters, cached per scenario. */
    public static EpisodeRunner runner(Scenario scenario, String policy, long seed, DriverOptions options) {
        ParameterSet parameters = PARAMETERS.computeIfAbsent(scenario, s -> Scenarios.parameters(s, null));
        return new EpisodeRunner(scenario, parameters, Policies.named(policy, scenario), "contract", seed, EPOCH, options);
    }

    private static List<String> json(EpisodeRunner runner, List<TraceEvent> trace) {
        return trace.stream().map(e -> TraceJson.toJson(runner.spec(3), runner.scenario().name(), e).toString()).toList();
    }
}
