package io.mdpstream.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.contract.ContractChecks;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpisodeInterleaverTest {

    private final Scenario scenario = Scenarios.named("toy-queue");
    private final EpisodeRunner runner = ContractChecks.runner(scenario, "softmax:0.5", 42, DriverOptions.defaults());

    @Test
    void shouldMergeEpisodesInSimulatedTimeOrderWithoutChangingAnyEpisode() {
        EpisodeInterleaver interleaver = new EpisodeInterleaver(runner, 0, 12, 4);
        Map<Long, List<TraceEvent>> byEpisode = new LinkedHashMap<>();
        Map<Long, Instant> starts = new LinkedHashMap<>();
        List<Instant> order = new ArrayList<>();

        while (interleaver.emitNext((driver, event) -> {
            byEpisode.computeIfAbsent(driver.spec().index(), i -> new ArrayList<>()).add(event);
            starts.put(driver.spec().index(), driver.spec().start());
            order.add(TraceJson.simTime(driver.spec(), event.time()));
        })) {
            assertThat(interleaver.inFlight()).isLessThanOrEqualTo(4);
        }

        assertThat(order).isSorted();
        assertThat(byEpisode).hasSize(12);
        for (Map.Entry<Long, List<TraceEvent>> episode : byEpisode.entrySet()) {
            EpisodeDriver alone = runner.driver(episode.getKey(), starts.get(episode.getKey()));
            List<TraceEvent> expected = EpisodeRunner.run(alone, runner.policy());
            assertThat(json(alone.spec(), episode.getValue())).isEqualTo(json(alone.spec(), expected));
        }
    }

    @Test
    void shouldStartEachNewEpisodeWhenAnEarlierOneEnds() {
        EpisodeInterleaver interleaver = new EpisodeInterleaver(runner, 0, 6, 2);
        Map<Long, Instant> starts = new LinkedHashMap<>();
        Map<Long, Instant> ends = new LinkedHashMap<>();

        while (interleaver.emitNext((driver, event) -> {
            starts.putIfAbsent(driver.spec().index(), driver.spec().start());
            if (event instanceof TraceEvent.EpisodeEnd) {
                ends.put(driver.spec().index(), TraceJson.simTime(driver.spec(), event.time()));
            }
        })) {
            // drain
        }

        assertThat(starts.get(0L)).isEqualTo(runner.epoch());
        assertThat(starts.get(1L)).isEqualTo(runner.epoch());
        assertThat(ends.values()).contains(starts.get(2L), starts.get(3L));
    }

    private static List<String> json(EpisodeSpec spec, List<TraceEvent> events) {
        return events.stream().map(e -> TraceJson.toJson(spec, "toy-queue", e).toString()).toList();
    }
}
