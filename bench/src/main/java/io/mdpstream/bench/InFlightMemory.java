package io.mdpstream.bench;

import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeInterleaver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.Locale;

/**
 * Heap held by many episodes in flight at once in one interleaver, as a paced continuous feed holds
 * them: starts N episodes, lets them interleave for a while in simulated time, then measures the
 * live heap after garbage collection. Run it with the heap limit to prove, e.g.
 * {@code BENCH_JAVA_OPTS=-Xmx1g bench/run InFlightMemory support 100000}.
 *
 * <p>The figure covers everything the episodes hold (the run's shared objects are measured before
 * they start and left out), and it is honest only if every episode is really in flight and has
 * moved on: the report says how many events each episode has sent, and the harness refuses to
 * measure when {@code System.gc()} collects nothing (for instance under -XX:+DisableExplicitGC).
 */
public final class InFlightMemory {

    private InFlightMemory() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "support";
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long eventsPerEpisode = args.length > 2 ? Long.parseLong(args[2]) : 20;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Scenario scenario = Scenarios.named(name);
        EpisodeRunner runner = new EpisodeRunner(scenario, Scenarios.parameters(scenario, null),
                Policies.named("heuristic", scenario), "memory", 1, Instant.parse("2026-03-02T06:00:00Z"),
                DriverOptions.defaults().withValidation(false));
        long before = liveHeap(memory);
        long begin = System.nanoTime();

        EpisodeInterleaver interleaver = new EpisodeInterleaver(runner, EpisodeInterleaver.Decider.of(runner.policy()),
                inFlight, Long.MAX_VALUE, java.util.stream.IntStream.range(0, inFlight).boxed().toList());
        long target = inFlight * eventsPerEpisode;
        while (interleaver.emitted() < target) {
            interleaver.emitNext((driver, event) -> { });
        }

        long after = liveHeap(memory);
        double seconds = (System.nanoTime() - begin) / 1e9;
        long max = Runtime.getRuntime().maxMemory();
        // Taken after the measurement, as it allocates: how far each episode in flight has got.
        long[] sent = interleaver.laneStates().stream().filter(lane -> !lane.done()).mapToLong(lane -> lane.lastSeq() + 1)
                .sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: %,d episodes in flight, %,d events interleaved in %.1f s (%,.0f events/s)%n",
                name, interleaver.inFlight(), interleaver.emitted(), seconds, interleaver.emitted() / seconds);
        System.out.printf(Locale.ROOT, "events sent per episode in flight: min %d, median %d, max %d%n",
                sent[0], sent[sent.length / 2], sent[sent.length - 1]);
        System.out.printf(Locale.ROOT, "live heap: %,.1f MiB for the episodes (%,.0f bytes each), heap limit %,.0f MiB%n",
                (after - before) / 1048576.0, (double) (after - before) / inFlight, max / 1048576.0);
    }

    private static long liveHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            long collections = collections();
            System.gc();
            if (collections() == collections) {
                throw new IllegalStateException("System.gc() collected nothing (-XX:+DisableExplicitGC?): "
                        + "the live heap cannot be measured");
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }
}
