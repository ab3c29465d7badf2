package io.mdpstream.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import java.util.Map;
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
        ContractChecks.sameSeedGivesTheSameEpisode(scenario, seed, policy);
    }

    @Property(tries = 2000)
    void episodesShouldKeepEveryRuleOfTheContract(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                  @ForAll("policies") String policy,
                                                  @ForAll @IntRange(min = 1, max = 400) int maxSteps) {
        ContractChecks.traceKeepsTheRules(scenario, seed, policy, maxSteps);
    }

    @Property(tries = 200)
    void observationsShouldHoldNothingFromTheFuture(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                    @ForAll @IntRange(min = 0, max = 150) int k) {
        ContractChecks.observationsHoldNothingFromTheFuture(scenario, seed, k);
    }

    @Property(tries = 100)
    void forkWithTheSameActionShouldReproduceTheOriginal(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                         @ForAll @IntRange(min = 0, max = 60) int k) {
        ContractChecks.forkWithTheSameActionReproducesTheOriginal(scenario, seed, k);
    }

    @Property(tries = 150)
    void exogenousVariablesShouldNotDependOnActions(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
                                                    @ForAll @IntRange(min = 0, max = 40) int k) {
        boolean compared = ContractChecks.exogenousVariablesDoNotDependOnActions(scenario, seed, k);
        EXOGENOUS_SEEN.merge(scenario.name(), compared ? 1 : 0, Integer::sum);
    }

    @AfterContainer
    static void everyScenarioRecordsItsExogenousVariables() {
        // Guards against a vacuous pass: the forks above compared a non-empty history for every scenario.
        for (Scenario scenario : Scenarios.all()) {
            if (!scenario.causalModel().exogenous().isEmpty() && EXOGENOUS_SEEN.containsKey(scenario.name())) {
                assertThat(EXOGENOUS_SEEN.get(scenario.name())).as(scenario.name() + " recorded exogenous changes")
                        .isPositive();
            }
        }
    }

    static EpisodeRunner runner(Scenario scenario, String policy, long seed, DriverOptions options) {
        return ContractChecks.runner(scenario, policy, seed, options);
    }
}
