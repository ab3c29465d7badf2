package io.mdpstream.bench;

import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Whole-scenario generation rate on one core: complete episodes with the heuristic policy and the
 * driver's validation on, as {@code mdpstream simulate} runs them. Reports decision steps and trace
 * events per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ScenarioBench {

    /** One runner per scenario; episodes cycle through indices so every invocation is a new episode. */
    @State(Scope.Thread)
    public static class Run {
        @Param({"warehouse", "support", "pricing", "incidents"})
        String scenario;
        EpisodeRunner runner;
        long index;

        @Setup(Level.Trial)
        public void setUp() {
            Scenario s = Scenarios.named(scenario);
            Policy policy = Policies.named("heuristic", s);
            runner = new EpisodeRunner(s, Scenarios.parameters(s, null), policy, "bench", 1,
                    Instant.parse("2026-03-02T06:00:00Z"), DriverOptions.defaults());
        }
    }

    /** Steps and events counted as rates next to the episodes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long steps;
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            steps = 0;
            events = 0;
        }
    }

    @Benchmark
    public int episode(Run run, Counts counts) {
        List<TraceEvent> trace = run.runner.run(run.index++);
        counts.steps += ((TraceEvent.EpisodeEnd) trace.get(trace.size() - 1)).steps();
        counts.events += trace.size();
        return trace.size();
    }

    public static void main(String[] args) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        options.include(ScenarioBench.class.getName());
        if (args.length > 0) {
            options.param("scenario", args);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println("scenario      episodes/s    steps/s/core   events/s/core");
        for (RunResult result : results) {
            System.out.printf(Locale.ROOT, "%-12s %11.1f %14.0f %15.0f%n", result.getParams().getParam("scenario"),
                    result.getPrimaryResult().getScore(), result.getSecondaryResults().get("steps").getScore(),
                    result.getSecondaryResults().get("events").getScore());
        }
    }
}
