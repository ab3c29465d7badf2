package io.mdpstream.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.contract.ContractChecks;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpisodeInterleaverTest {

    private final Scenario scenario = Scenarios.named("toy-queue");
    private final EpisodeRunner runner = ContractChecks.runner(scenario, "softmax:0.5", 42, DriverOptions.defaults());
    private final EpisodeInterleaver.Decider policy = EpisodeInterleaver.Decider.of(runner.policy());
    private final ParameterSet parameters = Scenarios.parameters(scenario, null);

    @Test
    void shouldMergeEpisodesInSimulatedTimeOrderWithoutChangingAnyEpisode() {
        Run run = drain(new EpisodeInterleaver(runner, policy, 4, 12, lanes(0, 4)));

        assertThat(run.order).isSorted();
        assertThat(run.events).hasSize(12);
        for (Map.Entry<Long, List<TraceEvent>> episode : run.events.entrySet()) {
            EpisodeDriver alone = runner.driver(episode.getKey(), run.starts.get(episode.getKey()));
            List<TraceEvent> expected = EpisodeRunner.run(alone, runner.policy());
            assertThat(json(alone.spec(), episode.getValue())).isEqualTo(json(alone.spec(), expected));
        }
    }

    @Test
    void shouldChainEpisodesInTheirLanes() {
        Run run = drain(new EpisodeInterleaver(runner, policy, 2, 6, lanes(0, 2)));

        assertThat(run.starts.get(0L)).isEqualTo(runner.epoch());
        assertThat(run.starts.get(1L)).isEqualTo(runner.epoch());
        assertThat(run.starts.get(2L)).isEqualTo(run.ends.get(0L));
        assertThat(run.starts.get(4L)).isEqualTo(run.ends.get(2L));
        assertThat(run.starts.get(3L)).isEqualTo(run.ends.get(1L));
    }

    @Test
    void twoInstancesSplittingTheLanesShouldProduceExactlyWhatOneProduces() {
        Run one = drain(new EpisodeInterleaver(runner, policy, 4, 10, lanes(0, 4)));
        Run even = drain(new EpisodeInterleaver(runner, policy, 4, 10, List.of(0, 2)));
        Run odd = drain(new EpisodeInterleaver(runner, policy, 4, 10, List.of(1, 3)));

        Map<Long, List<String>> union = new TreeMap<>(even.json());
        union.putAll(odd.json());
        assertThat(union).isEqualTo(new TreeMap<>(one.json()));
        assertThat(even.json().keySet()).containsExactlyInAnyOrder(0L, 2L, 4L, 6L, 8L);
    }

    @Test
    void shouldResumeEachLaneAfterTheLastEventSent() {
        Run full = drain(new EpisodeInterleaver(runner, policy, 3, 6, lanes(0, 3)));
        EpisodeInterleaver first = new EpisodeInterleaver(runner, policy, 3, 6, lanes(0, 3));
        Run before = new Run();
        for (int i = 0; i < 400; i++) {
            first.emitNext(before::add);
        }

        Run after = drain(new EpisodeInterleaver(runner, policy, 3, 6, first.laneStates(), null));

        Map<Long, List<String>> joined = new TreeMap<>(before.json());
        after.json().forEach((index, events) -> joined.merge(index, events, (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        assertThat(joined).isEqualTo(new TreeMap<>(full.json()));
    }

    @Test
    void shouldHoldAnEpisodeThatWaitsForAnOutsideActionAndLetOthersGoOn() {
        EpisodeInterleaver.Decider external = new EpisodeInterleaver.Decider() {
            @Override
            public ActionChoice decide(EpisodeDriver driver) {
                return driver.spec().index() == 0 ? null : runner.policy().choose(driver.pendingDecision(), driver.policyRandom());
            }

            @Override
            public ActionSource source() {
                return ActionSource.POLICY;
            }

            @Override
            public PolicyId policy() {
                return runner.policy().id();
            }
        };
        EpisodeInterleaver interleaver = new EpisodeInterleaver(runner, external, 2, 2, lanes(0, 2));
        Run run = new Run();

        while (interleaver.emitNext(run::add)) {
            // episode 1 runs to its end while episode 0 waits
        }

        assertThat(interleaver.waiting()).isEqualTo(1);
        EpisodeDriver waiting = interleaver.waitingDriver(runner.spec(0).episodeId());
        assertThat(run.events.get(1L).get(run.events.get(1L).size() - 1)).isInstanceOf(TraceEvent.EpisodeEnd.class);
        interleaver.resume(waiting.spec().episodeId(), new ActionChoice(scenario.fallbackAction(waiting.pendingDecision()), null),
                ActionSource.FALLBACK, new PolicyId("external", "1"), run::add);
        assertThat(interleaver.waiting()).isZero();
        assertThat(interleaver.emitNext(run::add)).isTrue();
    }

    @Test
    void aListOfEpisodesShouldRunEachFromItsOwnSpecAtMostInFlightAtOnce() {
        // Stored episodes of a run: their own starts, not in index order, not chained.
        List<EpisodeSpec> specs = List.of(runner.spec(7), runner.spec(2), runner.spec(9), runner.spec(4), runner.spec(5));
        List<EpisodeSpec> stored = IntStream.range(0, specs.size()).mapToObj(i -> new EpisodeSpec(specs.get(i).runId(),
                specs.get(i).runSeed(), specs.get(i).index(), runner.epoch().plusSeconds(3_600L * (5 - i)))).toList();
        List<EpisodeSpec> opened = new ArrayList<>();
        EpisodeInterleaver interleaver = EpisodeInterleaver.of(stored.stream().map(spec -> {
            opened.add(spec);
            return new EpisodeDriver(scenario, parameters, spec, runner.policy().id(), DriverOptions.defaults());
        }).iterator(), policy, 2);

        assertThat(opened).as("drivers are created as lanes come free").hasSize(2);
        Run run = new Run();
        while (interleaver.emitNext(run::add)) {
            assertThat(interleaver.inFlight()).isLessThanOrEqualTo(2);
        }

        assertThat(interleaver.finished()).isTrue();
        assertThat(opened).containsExactlyElementsOf(stored);
        for (EpisodeSpec spec : stored) {
            assertThat(run.starts.get(spec.index())).isEqualTo(spec.start());
            EpisodeDriver alone = new EpisodeDriver(scenario, parameters, spec, runner.policy().id(),
                    DriverOptions.defaults());
            assertThat(run.json().get(spec.index())).isEqualTo(json(spec, EpisodeRunner.run(alone, runner.policy())));
        }
        assertThatThrownBy(interleaver::laneStates).isInstanceOf(IllegalStateException.class);
    }

    private static List<Integer> lanes(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private Run drain(EpisodeInterleaver interleaver) {
        Run run = new Run();
        while (interleaver.emitNext(run::add)) {
            assertThat(interleaver.inFlight()).isLessThanOrEqualTo(4);
        }
        assertThat(interleaver.finished()).isTrue();
        return run;
    }

    private static List<String> json(EpisodeSpec spec, List<TraceEvent> events) {
        return events.stream().map(e -> TraceJson.toJson(spec, "toy-queue", e).toString()).toList();
    }

    /** What an interleaver sent, by episode. */
    private static final class Run {
        final Map<Long, List<TraceEvent>> events = new LinkedHashMap<>();
        final Map<Long, EpisodeSpec> specs = new LinkedHashMap<>();
        final Map<Long, Instant> starts = new LinkedHashMap<>();
        final Map<Long, Instant> ends = new LinkedHashMap<>();
        final List<Instant> order = new ArrayList<>();

        void add(EpisodeDriver driver, TraceEvent event) {
            long index = driver.spec().index();
            events.computeIfAbsent(index, i -> new ArrayList<>()).add(event);
            specs.put(index, driver.spec());
            starts.putIfAbsent(index, driver.spec().start());
            Instant at = TraceJson.simTime(driver.spec(), event.time());
            order.add(at);
            if (event instanceof TraceEvent.EpisodeEnd) {
                ends.put(index, at);
            }
        }

        Map<Long, List<String>> json() {
            Map<Long, List<String>> json = new LinkedHashMap<>();
            events.forEach((index, list) -> json.put(index, EpisodeInterleaverTest.json(specs.get(index), list)));
            return json;
        }
    }
}
