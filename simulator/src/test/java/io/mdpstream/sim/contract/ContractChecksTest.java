package io.mdpstream.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.sim.kernel.EventHandle;
import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.CausalModel;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.DesEpisode;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each contract check fails on a scenario built to break its rule, and passes on the same scenario
 * without the flaw: the checks can tell a broken scenario from a sound one.
 */
class ContractChecksTest {

    @Test
    void soundScenarioShouldPassEveryCheck() {
        Scenario sound = new OneQueue(Flaw.NONE);
        boolean compared = false;
        for (long seed = 1; seed <= 10; seed++) {
            ContractChecks.sameSeedGivesTheSameEpisode(sound, seed, "epsilon:0.2");
            ContractChecks.traceKeepsTheRules(sound, seed, "random", 200);
            ContractChecks.observationsHoldNothingFromTheFuture(sound, seed, 5);
            ContractChecks.forkWithTheSameActionReproducesTheOriginal(sound, seed, 5);
            compared |= ContractChecks.exogenousVariablesDoNotDependOnActions(sound, seed, 3);
        }
        assertThat(compared).isTrue();
    }

    @Test
    void determinismCheckShouldCatchStateSharedAcrossEpisodes() {
        assertThatThrownBy(() -> ContractChecks.sameSeedGivesTheSameEpisode(new OneQueue(Flaw.REMEMBERS_ACROSS_EPISODES), 1, "heuristic"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("two runs of the same episode");
    }

    @Test
    void leakageCheckShouldCatchAnObservationOfAPendingEvent() {
        assertThatThrownBy(() -> {
            for (long seed = 1; seed <= 10; seed++) {
                ContractChecks.observationsHoldNothingFromTheFuture(new OneQueue(Flaw.PEEKS_AT_NEXT_ARRIVAL), seed, 3);
            }
        }).isInstanceOf(AssertionError.class).hasMessageContaining("delaying every pending event");
    }

    @Test
    void exogenousCheckShouldCatchArrivalsThatShareAStreamWithActionDependentDraws() {
        assertThatThrownBy(() -> {
            for (long seed = 1; seed <= 10; seed++) {
                ContractChecks.exogenousVariablesDoNotDependOnActions(new OneQueue(Flaw.SHARES_A_STREAM), seed, 2);
            }
        }).isInstanceOf(AssertionError.class).hasMessageContaining("exogenous history");
    }

    @Test
    void traceCheckShouldCatchAnObservationOutsideItsSpace() {
        assertThatThrownBy(() -> ContractChecks.traceKeepsTheRules(new OneQueue(Flaw.NEGATIVE_QUEUE), 1, "heuristic", 200))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("observation.queue = -1");
    }

    /** What is wrong with a {@link OneQueue}. */
    enum Flaw { NONE, REMEMBERS_ACROSS_EPISODES, PEEKS_AT_NEXT_ARRIVAL, SHARES_A_STREAM, NEGATIVE_QUEUE }

    /**
     * One queue, one server; when the server is free and someone waits, serve them quickly at a cost
     * (action 1) or normally (action 0).
     */
    static final class OneQueue implements Scenario {
        private static final AtomicLong SHARED = new AtomicLong();
        private final Flaw flaw;

        OneQueue(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        public String name() {
            return "one-queue-" + flaw.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public String description() {
            return "a deliberately " + flaw + " queue";
        }

        @Override
        public Dict observationSpace() {
            return Dict.builder().add("queue", Box.integer(0, 1_000_000)).add("hint", Box.continuous(-1e9, 1e12)).build();
        }

        @Override
        public Space actionSpace() {
            return new Discrete(2);
        }

        @Override
        public ParameterSpec parameterSpec() {
            return ParameterSpec.builder().number("horizon_hours", 0.1, 100, "length").build();
        }

        @Override
        public String defaultParameters() {
            return "horizon_hours: 3\n";
        }

        @Override
        public CausalModel causalModel() {
            return CausalModel.builder().influences("action", "queue").exogenous("arrivals").build();
        }

        @Override
        public List<Invariant> invariants() {
            return List.of();
        }

        @Override
        public Episode newEpisode(EpisodeContext context) {
            return new OneQueueEpisode(context, flaw);
        }

        @Override
        public ScoredPolicy heuristic() {
            return new ScoredPolicy() {
                @Override
                public PolicyId id() {
                    return new PolicyId("heuristic", "1");
                }

                @Override
                public List<ScoredAction> candidates(Decision decision) {
                    return List.of(new ScoredAction(0, 1), new ScoredAction(1, (Long) decision.observation().get("queue") > 3 ? 2 : 0));
                }
            };
        }

        @Override
        public Object fallbackAction(Decision decision) {
            return 0;
        }

        private static final class OneQueueEpisode extends DesEpisode {
            private final Flaw flaw;
            private long queue;
            private long arrivals;
            private boolean busy;
            private EventHandle nextArrival;

            OneQueueEpisode(EpisodeContext context, Flaw flaw) {
                super(context, context.parameters().number("horizon_hours") * 3600);
                this.flaw = flaw;
            }

            @Override
            protected void start() {
                scheduleArrival();
            }

            private void scheduleArrival() {
                String stream = flaw == Flaw.SHARES_A_STREAM ? "world" : "arrivals";
                nextArrival = simulation().scheduleCancellableAfter(random(stream).nextExponential() * 120, () -> {
                    queue++;
                    arrivals++;
                    recordExogenous("arrivals", arrivals);
                    scheduleArrival();
                    if (!busy) {
                        requestDecision();
                    }
                });
            }

            @Override
            protected Map<String, Object> observe() {
                Map<String, Object> obs = new LinkedHashMap<>();
                obs.put("queue", flaw == Flaw.NEGATIVE_QUEUE ? -1L : queue);
                double hint = switch (flaw) {
                    case PEEKS_AT_NEXT_ARRIVAL -> nextArrival.time() - now();
                    case REMEMBERS_ACROSS_EPISODES -> SHARED.incrementAndGet();
                    default -> 0.0;
                };
                obs.put("hint", hint);
                return obs;
            }

            @Override
            protected boolean[] actionMask() {
                return new boolean[0];
            }

            @Override
            protected void act(Object action) {
                boolean fast = (Integer) action == 1;
                queue--;
                busy = true;
                int step = currentStep();
                String stream = flaw == Flaw.SHARES_A_STREAM ? "world" : "service";
                double service = random(stream).nextExponential() * (fast ? 60 : 100);
                if (fast && flaw == Flaw.SHARES_A_STREAM) {
                    random(stream).nextDouble(); // the fast lane draws once more, shifting every later arrival
                }
                simulation().scheduleAfter(service, () -> {
                    busy = false;
                    reward(step, fast ? 0.5 : 1.0, Map.of("served", fast ? 0.5 : 1.0));
                    if (queue > 0) {
                        requestDecision();
                    }
                });
            }
        }
    }
}
