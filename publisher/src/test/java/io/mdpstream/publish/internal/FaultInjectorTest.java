package io.mdpstream.publish.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private final Scenario scenario = Scenarios.named("support");
    private final EpisodeRunner runner = new EpisodeRunner(scenario, Scenarios.parameters(scenario, null),
            Policies.named("heuristic", scenario), "faults", 5, Instant.parse("2026-03-02T06:00:00Z"), DriverOptions.defaults());
    private final AvroEvents avro = new AvroEvents(scenario, new EventTopics("support"));

    @Test
    void withoutFaultsEveryEventShouldGoOutOnceInOrder() {
        List<FaultInjector.Out> out = inject(FaultSpec.NONE, 3);

        assertThat(out).allMatch(o -> o.fault() == null && o.routed() != null);
        Map<String, List<Long>> byEpisode = new HashMap<>();
        out.forEach(o -> byEpisode.computeIfAbsent(o.spec().episodeId(), k -> new ArrayList<>()).add(o.event().seq()));
        assertThat(byEpisode).hasSize(3);
        byEpisode.values().forEach(seqs -> assertThat(seqs).isSorted().doesNotHaveDuplicates());
    }

    @Test
    void eachFaultShouldDoWhatItsLogSays() {
        FaultSpec spec = FaultSpec.parse("drop=0.02,duplicate=0.02,reorder=0.02,delay=0.02,out_of_range=0.05");
        List<FaultInjector.Out> out = inject(spec, 10);

        Map<String, Integer> kinds = new HashMap<>();
        Map<String, List<Long>> sentSeqs = new HashMap<>();
        Map<String, List<FaultInjector.Out>> sent = new HashMap<>();
        for (FaultInjector.Out o : out) {
            if (o.routed() != null) {
                sentSeqs.computeIfAbsent(o.spec().episodeId(), k -> new ArrayList<>()).add(o.event().seq());
                sent.computeIfAbsent(o.spec().episodeId(), k -> new ArrayList<>()).add(o);
            }
            if (o.fault() == null) {
                continue;
            }
            kinds.merge(o.fault().getKind(), 1, Integer::sum);
            String episode = o.fault().getEpisodeId();
            long seq = o.fault().getSeq();
            switch (o.fault().getKind()) {
                case "drop" -> assertThat(o.routed()).as("a dropped event is not published").isNull();
                case "out_of_range" -> {
                    GenericRecord observation = (GenericRecord) ((GenericRecord) o.routed().value()).get("observation");
                    String field = o.fault().getDetail().substring("observation.".length()).split("[=\\[]")[0];
                    Box box = (Box) scenario.observationSpace().get(field);
                    Object value = observation.get(field);
                    double x = value instanceof List<?> list ? ((Number) list.get(0)).doubleValue() : ((Number) value).doubleValue();
                    assertThat(x < box.low() || x > box.high()).as("%s=%s outside [%s, %s]", field, x, box.low(), box.high()).isTrue();
                }
                default -> assertThat(o.routed()).isNotNull();
            }
            assertThat(episode).isNotBlank();
            assertThat(seq).isNotNegative();
        }
        assertThat(kinds).containsKeys("drop", "duplicate", "reorder", "delay", "out_of_range");
        // Truth matches what went out: duplicates twice, drops never, reorders and delays late.
        for (FaultInjector.Out o : out) {
            if (o.fault() == null) {
                continue;
            }
            List<Long> seqs = sentSeqs.get(o.fault().getEpisodeId());
            long seq = o.fault().getSeq();
            switch (o.fault().getKind()) {
                case "drop" -> assertThat(seqs).doesNotContain(seq);
                case "duplicate" -> assertThat(seqs.stream().filter(s -> s == seq).count()).isEqualTo(2);
                case "reorder" -> {
                    // A later event of the episode on the same topic went out before it.
                    List<FaultInjector.Out> before = sent.get(o.fault().getEpisodeId()).subList(0, seqs.indexOf(seq));
                    assertThat(before).as("seq %d was sent after a later one of %s", seq, o.fault().getTopic())
                            .anyMatch(b -> b.event().seq() > seq && b.routed().topic().equals(o.fault().getTopic()));
                }
                case "delay" -> {
                    // Later events went out before it, one on its topic, spanning at least the delay of simulated time.
                    List<FaultInjector.Out> later = sent.get(o.fault().getEpisodeId()).subList(0, seqs.indexOf(seq)).stream()
                            .filter(b -> b.event().seq() > seq).toList();
                    assertThat(later).as("seq %d overtaken on its topic", seq)
                            .anyMatch(b -> b.routed().topic().equals(o.fault().getTopic()));
                    assertThat(simTime(later.get(later.size() - 1)) - simTime(later.get(0)))
                            .isGreaterThanOrEqualTo(spec.delay().toMillis());
                }
                default -> { }
            }
        }
    }

    @Test
    void theSameRunShouldInjectTheSameFaults() {
        FaultSpec spec = FaultSpec.parse("drop=0.05,duplicate=0.05");

        assertThat(faults(inject(spec, 4))).isEqualTo(faults(inject(spec, 4)));
    }

    private static long simTime(FaultInjector.Out out) {
        return TraceJson.simTime(out.spec(), out.event().time()).toEpochMilli();
    }

    private static List<String> faults(List<FaultInjector.Out> out) {
        return out.stream().filter(o -> o.fault() != null).map(o -> o.fault().toString()).toList();
    }

    private List<FaultInjector.Out> inject(FaultSpec spec, int episodes) {
        FaultInjector injector = new FaultInjector(spec, scenario.observationSpace());
        List<FaultInjector.Out> out = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            EpisodeDriver driver = runner.driver(i);
            for (TraceEvent event : EpisodeRunner.run(driver, runner.policy())) {
                out.addAll(injector.apply(driver.spec(), event, avro.toAvro(driver.spec(), event, injector.rates())));
            }
        }
        out.addAll(injector.flushAll());
        return out;
    }
}
