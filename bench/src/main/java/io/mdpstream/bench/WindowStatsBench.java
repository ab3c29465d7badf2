package io.mdpstream.bench;

import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.validate.stats.WindowStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What the validator's rolling statistics cost per state: each observation's numeric features added
 * to a window ({@link WindowStats#addState}, a moment update and a quantile-sketch bucket per
 * feature). The states are real ones, from heuristic-policy episodes of each scenario, as Avro
 * records of the observation schema, which is what the validator decodes. Nanoseconds per state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WindowStatsBench {

    static final int STATES = 20_000;

    @State(Scope.Thread)
    public static class States {
        @Param({"warehouse", "support", "pricing", "incidents"})
        String scenario;
        GenericRecord[] observations;

        @Setup(Level.Trial)
        public void setUp() {
            Scenario s = Scenarios.named(scenario);
            Dict space = s.observationSpace();
            Schema schema = space.avroSchema("Observation", "bench");
            EpisodeRunner runner = new EpisodeRunner(s, Scenarios.parameters(s, null), Policies.named("heuristic", s), "bench", 1,
                    Instant.parse("2026-03-02T06:00:00Z"), DriverOptions.defaults());
            List<GenericRecord> states = new ArrayList<>();
            for (long episode = 0; states.size() < STATES; episode++) {
                for (TraceEvent event : runner.run(episode)) {
                    if (event instanceof TraceEvent.StateEvent state && states.size() < STATES) {
                        states.add((GenericRecord) space.toAvro(state.observation(), schema));
                    }
                }
            }
            observations = states.toArray(new GenericRecord[0]);
        }
    }

    /** One window takes all the states, as a slice of a busy minute would. */
    @Benchmark
    @OperationsPerInvocation(STATES)
    public WindowStats addState(States s) {
        WindowStats window = new WindowStats();
        for (GenericRecord observation : s.observations) {
            window.addState(observation);
        }
        return window;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(WindowStatsBench.class.getName()).build()).run();
    }
}
