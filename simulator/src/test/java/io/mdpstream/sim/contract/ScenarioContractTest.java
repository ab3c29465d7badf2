package io.mdpstream.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Fork;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.events.ActionSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The contract every scenario passes, the registered ones and any of your own: the same seed gives
 * the same episode; observations and actions stay in their spaces, masks and invariants over
 * thousands of randomised episodes; time never goes back; observations hold nothing from the
 * future; a fork with the same action reproduces the original; and variables declared exogenous do
 * not change when an action does.
 */
class ScenarioContractTest {

    private static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");
    private static final Map<String, ParameterSet> PARAMETERS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> EXOGENOUS_SEEN = new ConcurrentHashMap<>();

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.of(Scenarios.all());
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of("random", "heuristic", "softmax:0.5", "epsilon:0.2");
    }

    @Property(tries = 40)
    void sameSeedShouldGiveTheSameEpisode(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                          @ForAll("policies") String policy) {
        EpisodeRunner runner = runner(scenario, policy, seed, DriverOptions.defaults().withMaxSteps(300));

        assertThat(json(runner, runner.run(3))).isEqualTo(json(runner, runner.run(3)));
    }

    @Property(tries = 2000)
    void episodesShouldKeepEveryRuleOfTheContract(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                  @ForAll("policies") String policy,
                                                  @ForAll @IntRange(min = 1, max = 400) int maxSteps) {
        // Validation in the driver checks observations against the space and invariants and actions
        // against space and mask; here the trace itself is checked.
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
                        .as("components sum to the reward").isCloseTo(reward.value(), org.assertj.core.data.Offset.offset(1e-6));
                sum += reward.value();
            } else if (event instanceof TraceEvent.EpisodeEnd end) {
                assertThat(i).as("nothing after the end").isEqualTo(trace.size() - 1);
                assertThat(end.steps()).isEqualTo(step + 1);
                assertThat(end.episodeReturn()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Property(tries = 200)
    void observationsShouldHoldNothingFromTheFuture(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                    @ForAll @IntRange(min = 0, max = 150) int k) {
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

    @Property(tries = 100)
    void forkWithTheSameActionShouldReproduceTheOriginal(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                         @ForAll @IntRange(min = 0, max = 60) int k) {
        EpisodeRunner runner = runner(scenario, "epsilon:0.2", seed, DriverOptions.defaults().withMaxSteps(200));
        List<TraceEvent> original = runner.run(11);
        TraceEvent.ActionEvent atK = original.stream().filter(TraceEvent.ActionEvent.class::isInstance)
                .map(TraceEvent.ActionEvent.class::cast).filter(a -> a.step() == k).findFirst().orElse(null);
        if (atK == null) {
            return;
        }

        List<TraceEvent> fork = Fork.run(runner, 11, k, atK.action());

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

    @Property(tries = 150)
    void exogenousVariablesShouldNotDependOnActions(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                    @ForAll @IntRange(min = 0, max = 40) int k) {
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
            return;
        }
        // Two different valid actions at step k, chosen by a random policy over the mask.
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
            return;
        }

        List<Episode.ExogenousChange> a = exogenous(runner, k, first);
        List<Episode.ExogenousChange> b = exogenous(runner, k, second);

        assertThat(a).isEqualTo(b);
        for (Episode.ExogenousChange change : a) {
            assertThat(scenario.causalModel().exogenous()).as("recorded variables are declared exogenous")
                    .contains(change.name());
        }
        EXOGENOUS_SEEN.merge(scenario.name(), a.isEmpty() ? 0 : 1, Integer::sum);
    }

    @AfterContainer
    static void everyScenarioRecordsItsExogenousVariables() {
        // Guards against a vacuous pass: the forks above compared something for every scenario.
        for (Scenario scenario : Scenarios.all()) {
            if (!scenario.causalModel().exogenous().isEmpty() && EXOGENOUS_SEEN.containsKey(scenario.name())) {
                assertThat(EXOGENOUS_SEEN.get(scenario.name())).as(scenario.name() + " recorded exogenous changes")
                        .isPositive();
            }
        }
    }

    private static List<Episode.ExogenousChange> exogenous(EpisodeRunner runner, int k, Object action) {
        EpisodeDriver driver = runner.driver(5);
        List<TraceEvent> events = new ArrayList<>(driver.start());
        while (!driver.finished()) {
            var choice = runner.policy().choose(driver.pendingDecision(), driver.policyRandom());
            if (driver.pendingDecision().step() == k) {
                choice = new io.mdpstream.sim.policy.ActionChoice(action, null);
            }
            events.addAll(driver.act(choice, ActionSource.POLICY, runner.policy().id()));
        }
        return driver.episode().exogenousChanges();
    }

    static EpisodeRunner runner(Scenario scenario, String policy, long seed, DriverOptions options) {
        ParameterSet parameters = PARAMETERS.computeIfAbsent(scenario.name(), n -> Scenarios.parameters(scenario, null));
        return new EpisodeRunner(scenario, parameters, Policies.named(policy, scenario), "contract", seed, EPOCH, options);
    }

    private static List<String> json(EpisodeRunner runner, List<TraceEvent> trace) {
        return trace.stream().map(e -> TraceJson.toJson(runner.spec(3), runner.scenario().name(), e).toString()).toList();
    }
}
