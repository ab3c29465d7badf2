package io.mdpstream.sim.run;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Many episodes in flight at once, their events merged in simulated-time order: the engine of a
 * continuous feed. It keeps {@code inFlight} episodes running; when one ends, the next index starts
 * at the instant the ended one finished, so the feed never thins out and every episode's start is
 * fixed by the run, not by timing.
 *
 * <p>Each episode keeps its own event calendar; the interleaver orders episodes by the simulated
 * instant of their next unsent event and buffers at most one step of events per episode, so memory
 * grows with the episodes in flight, not with their length.
 *
 * <p>Not thread-safe.
 */
public final class EpisodeInterleaver {

    /** Receives events in simulated-time order. */
    @FunctionalInterface
    public interface Sink {
        void accept(EpisodeDriver driver, TraceEvent event);

        /**
         * Receives the business records an episode emitted during its latest step (see
         * {@link io.mdpstream.sim.spi.Scenario#sideStreams}), when that step is produced; they are
         * dropped by default.
         */
        default void sideRecords(EpisodeDriver driver, List<io.mdpstream.sim.spi.SideRecord> records) {
        }
    }

    private final EpisodeRunner runner;
    private final Policy policy;
    private final long lastIndex;
    private final PriorityQueue<Slot> slots;
    private long nextIndex;
    private long emitted;

    /**
     * @param firstIndex index of the first episode
     * @param episodes   how many episodes in all; {@link Long#MAX_VALUE} for a feed that never ends
     * @param inFlight   episodes running at once
     */
    public EpisodeInterleaver(EpisodeRunner runner, long firstIndex, long episodes, int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be >= 1, got " + inFlight);
        }
        this.runner = runner;
        this.policy = runner.policy();
        this.nextIndex = firstIndex;
        this.lastIndex = episodes == Long.MAX_VALUE ? Long.MAX_VALUE : firstIndex + episodes;
        this.slots = new PriorityQueue<>(inFlight);
        for (int i = 0; i < inFlight && nextIndex < lastIndex; i++) {
            open(runner.epoch());
        }
    }

    /** Episodes running now. */
    public int inFlight() {
        return slots.size();
    }

    /** Events sent so far. */
    public long emitted() {
        return emitted;
    }

    /** The simulated instant of the next event, or null when every episode is done. */
    public Instant nextInstant() {
        Slot head = slots.peek();
        return head == null ? null : head.nextInstant();
    }

    /**
     * Sends the earliest pending event of all episodes in flight.
     *
     * @return false when every episode is done
     */
    public boolean emitNext(Sink sink) {
        Slot slot = slots.poll();
        if (slot == null) {
            return false;
        }
        TraceEvent event = slot.buffer.get(slot.cursor++);
        sink.accept(slot.driver, event);
        emitted++;
        if (slot.cursor == slot.buffer.size()) {
            if (slot.driver.finished()) {
                if (nextIndex < lastIndex) {
                    open(TraceJson.simTime(slot.driver.spec(), event.time()));
                }
                return true;
            }
            // The episode's next step starts no earlier than this event, so time order holds.
            ActionChoice choice = policy.choose(slot.driver.pendingDecision(), slot.driver.policyRandom());
            slot.refill(slot.driver.act(choice, ActionSource.POLICY, policy.id()));
            drainSideRecords(slot.driver, sink);
        }
        slots.add(slot);
        return true;
    }

    private void open(Instant start) {
        EpisodeDriver driver = runner.driver(nextIndex++, start);
        Slot slot = new Slot(driver);
        slot.refill(driver.start());
        slots.add(slot);
    }

    /** Hands records on (or drops them), so a long episode does not accumulate them. */
    private static void drainSideRecords(EpisodeDriver driver, Sink sink) {
        List<io.mdpstream.sim.spi.SideRecord> records = driver.drainSideRecords();
        if (!records.isEmpty()) {
            sink.sideRecords(driver, records);
        }
    }

    /** One episode in flight and the events of its current step not yet sent. */
    private static final class Slot implements Comparable<Slot> {
        final EpisodeDriver driver;
        final long startNanos;
        List<TraceEvent> buffer;
        int cursor;

        Slot(EpisodeDriver driver) {
            this.driver = driver;
            Instant start = driver.spec().start();
            this.startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        }

        void refill(List<TraceEvent> events) {
            buffer = events;
            cursor = 0;
        }

        long headNanos() {
            return startNanos + Math.round(buffer.get(cursor).time() * 1e9);
        }

        Instant nextInstant() {
            long nanos = headNanos();
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }

        @Override
        public int compareTo(Slot other) {
            int byTime = Long.compare(headNanos(), other.headNanos());
            // Ties broken by episode index, so the merged order is fully determined by the run.
            return byTime != 0 ? byTime : Long.compare(driver.spec().index(), other.driver.spec().index());
        }
    }
}
