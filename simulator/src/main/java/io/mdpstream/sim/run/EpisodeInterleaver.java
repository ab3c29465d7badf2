package io.mdpstream.sim.run;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.spi.SideRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Many episodes in flight at once, their events merged in simulated-time order: the engine of a
 * continuous feed.
 *
 * <p>Episodes run in lanes. Lane {@code j} of {@code L} runs episodes {@code j, j + L, j + 2L, ...},
 * each starting at the simulated instant its predecessor in the lane ended (the first at the run's
 * epoch). An episode's content therefore depends only on the run and its index, not on timing or
 * on which process runs the lane: instances that split the lanes between them produce exactly the
 * episodes one instance would.
 *
 * <p>Or it runs a given list of episodes ({@link #of}), each from its own spec: nothing is chained,
 * and a lane that finishes an episode takes the next of the list, so the lanes stay busy until the
 * list runs out. That is how stored episodes are run again with another policy.
 *
 * <p>Decisions go to a {@link Decider}. A built-in policy answers at once; an external agent
 * leaves the decision pending, and its episode waits (its later events fall behind the others)
 * until {@link #resume} brings the action.
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

        /** Receives the business records an episode emitted during its latest step; dropped by default. */
        default void sideRecords(EpisodeDriver driver, List<SideRecord> records) {
        }
    }

    /** Answers decisions. */
    public interface Decider {

        /** The choice for the pending decision of {@code driver}, or null to leave it pending. */
        ActionChoice decide(EpisodeDriver driver);

        /** Who chose a returned action. */
        ActionSource source();

        /** The policy named on returned actions. */
        PolicyId policy();

        /** A built-in policy: always answers at once. */
        static Decider of(Policy policy) {
            return new Decider() {
                @Override
                public ActionChoice decide(EpisodeDriver driver) {
                    return policy.choose(driver.pendingDecision(), driver.policyRandom());
                }

                @Override
                public ActionSource source() {
                    return ActionSource.POLICY;
                }

                @Override
                public PolicyId policy() {
                    return policy.id();
                }
            };
        }
    }

    /** The episode a lane runs after one ended, or null when the lane is done. */
    @FunctionalInterface
    private interface Successor {
        EpisodeDriver after(EpisodeDriver ended, Instant end);
    }

    /** Null for a list of episodes: then there is nothing to resume and no lanes to checkpoint. */
    private final EpisodeRunner runner;
    private final Decider decider;
    private final int lanes;
    private final Successor successor;
    private final PriorityQueue<Slot> ready;
    private final Map<String, Slot> waiting = new LinkedHashMap<>();
    private final Map<Integer, Slot> byLane = new LinkedHashMap<>();
    private final List<LaneState> finished = new ArrayList<>();
    private long emitted;

    /**
     * Starts the given lanes at their first episode.
     *
     * @param lanes    lanes of the whole run (across instances): the episodes in flight when all run
     * @param episodes episodes of the whole run; {@link Long#MAX_VALUE} for a feed that never ends
     * @param mine     the lanes this interleaver runs
     */
    public EpisodeInterleaver(EpisodeRunner runner, Decider decider, int lanes, long episodes, Collection<Integer> mine) {
        this(runner, decider, lanes, episodes, mine.stream().map(lane -> new LaneState(lane, lane, runner.epoch(), -1, -1, 0,
                0, 0, lane >= episodes)).toList(), null);
    }

    /**
     * Resumes lanes where a previous run left them: each lane's episode is replayed (same seed, same
     * built-in policy) and the events it had sent are not sent again.
     *
     * @param sink receives nothing during the replay; it is not called (may be null)
     */
    public EpisodeInterleaver(EpisodeRunner runner, Decider decider, int lanes, long episodes, List<LaneState> resume,
                              Sink sink) {
        this(runner, decider, lanes, resume.size(), (ended, end) -> {
            long next = ended.spec().index() + lanes;
            return next < episodes ? runner.driver(next, end) : null;
        });
        for (LaneState state : resume) {
            if (state.lane() < 0 || state.lane() >= lanes) {
                throw new IllegalArgumentException("lane " + state.lane() + " is not one of 0.." + (lanes - 1));
            }
            if (state.done() || state.index() >= episodes) {
                finished.add(new LaneState(state.lane(), state.index(), state.start(), -1, -1, 0, 0, 0, true));
                continue;
            }
            Slot slot = open(state.lane(), runner.driver(state.index(), state.start()));
            slot.skipThrough = state.lastSeq();
            skipReplayed(slot);
            schedule(slot);
        }
    }

    private EpisodeInterleaver(EpisodeRunner runner, Decider decider, int lanes, int expected, Successor successor) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be >= 1, got " + lanes);
        }
        this.runner = runner;
        this.decider = decider;
        this.lanes = lanes;
        this.successor = successor;
        this.ready = new PriorityQueue<>(Math.max(1, expected));
    }

    /**
     * Runs the given episodes, each as its spec says (its own seed, start and parameters), at most
     * {@code inFlight} at once, in list order as lanes come free.
     *
     * @param episodes drivers of the episodes, not started; each is taken when a lane is free, so a
     *                 lazy iterator creates them as they are needed
     * @throws IllegalArgumentException when {@code inFlight} is below 1
     */
    public static EpisodeInterleaver of(Iterator<EpisodeDriver> episodes, Decider decider, int inFlight) {
        EpisodeInterleaver interleaver = new EpisodeInterleaver(null, decider, inFlight, inFlight,
                (ended, end) -> episodes.hasNext() ? episodes.next() : null);
        for (int lane = 0; lane < inFlight && episodes.hasNext(); lane++) {
            interleaver.ready.add(interleaver.open(lane, episodes.next()));
        }
        return interleaver;
    }

    /** Episodes running now, waiting or not. */
    public int inFlight() {
        return ready.size() + waiting.size();
    }

    /** Episodes waiting for an action from outside. */
    public int waiting() {
        return waiting.size();
    }

    /** Events sent so far. */
    public long emitted() {
        return emitted;
    }

    /** Whether every lane is done. */
    public boolean finished() {
        return ready.isEmpty() && waiting.isEmpty();
    }

    /** Whether an event is ready to go (else all are done or waiting): {@code nextInstant() != null}. */
    public boolean hasReady() {
        return !ready.isEmpty();
    }

    /** The simulated instant of the next event ready to go, or null when none is (all done or waiting). */
    public Instant nextInstant() {
        Slot head = ready.peek();
        return head == null ? null : head.nextInstant();
    }

    /** The driver of a waiting episode, or null. */
    public EpisodeDriver waitingDriver(String episodeId) {
        Slot slot = waiting.get(episodeId);
        return slot == null ? null : slot.driver;
    }

    /** Episodes waiting for an action from outside, in the order they started waiting. */
    public Collection<EpisodeDriver> waitingDrivers() {
        return waiting.values().stream().map(s -> s.driver).toList();
    }

    /**
     * Applies an action that arrived from outside to a waiting episode.
     *
     * @throws IllegalArgumentException when the episode is not waiting or the action is not valid
     */
    public void resume(String episodeId, ActionChoice choice, ActionSource source, PolicyId policy, Sink sink) {
        Slot slot = waiting.get(episodeId);
        if (slot == null) {
            throw new IllegalArgumentException("episode " + episodeId + " is not waiting for an action");
        }
        List<TraceEvent> events = slot.driver.act(choice, source, policy);
        waiting.remove(episodeId);
        slot.refill(events);
        drainSideRecords(slot.driver, sink);
        ready.add(slot);
    }

    /**
     * Sends the earliest pending event of the episodes that are not waiting.
     *
     * @return false when none is ready (all done, or all waiting)
     */
    public boolean emitNext(Sink sink) {
        Slot slot = ready.poll();
        if (slot == null) {
            return false;
        }
        TraceEvent event = slot.buffer.get(slot.cursor);
        slot.advance();
        slot.sent(event);
        sink.accept(slot.driver, event);
        emitted++;
        if (slot.cursor < slot.buffer.size()) {
            ready.add(slot);
            return true;
        }
        if (slot.driver.finished()) {
            Instant end = TraceJson.simTime(slot.driver.spec(), event.time());
            byLane.remove(slot.lane);
            EpisodeDriver following = successor.after(slot.driver, end);
            if (following != null) {
                Slot next = open(slot.lane, following);
                drainSideRecords(next.driver, sink);
                ready.add(next);
            } else {
                finished.add(new LaneState(slot.lane, slot.index + lanes, end, -1, -1, 0, 0, 0, true));
            }
            return true;
        }
        decide(slot, sink);
        return true;
    }

    /**
     * Where every lane stands, for a checkpoint taken after the events sent so far.
     *
     * @throws IllegalStateException for a list of episodes ({@link #of}), which has no run to resume
     */
    public List<LaneState> laneStates() {
        if (runner == null) {
            throw new IllegalStateException("a list of episodes has no lanes of a run to checkpoint");
        }
        List<LaneState> states = new ArrayList<>(finished);
        for (Slot slot : byLane.values()) {
            states.add(slot.state());
        }
        states.sort(java.util.Comparator.comparingInt(LaneState::lane));
        return states;
    }

    private void decide(Slot slot, Sink sink) {
        ActionChoice choice = decider.decide(slot.driver);
        if (choice == null) {
            waiting.put(slot.driver.spec().episodeId(), slot);
            return;
        }
        slot.refill(slot.driver.act(choice, decider.source(), decider.policy()));
        drainSideRecords(slot.driver, sink);
        ready.add(slot);
    }

    /** During a resume, runs the episode past the events a previous run already sent. */
    private void skipReplayed(Slot slot) {
        Policy replay = runner.policy();
        while (slot.skipThrough >= 0) {
            while (slot.cursor < slot.buffer.size() && slot.buffer.get(slot.cursor).seq() <= slot.skipThrough) {
                TraceEvent replayed = slot.buffer.get(slot.cursor);
                slot.advance();
                slot.sent(replayed);
            }
            if (slot.cursor < slot.buffer.size() || slot.driver.finished()) {
                break;
            }
            ActionChoice choice = replay.choose(slot.driver.pendingDecision(), slot.driver.policyRandom());
            slot.refill(slot.driver.act(choice, ActionSource.POLICY, replay.id()));
            slot.driver.drainSideRecords(); // already sent by the previous run
        }
        slot.skipThrough = -1;
    }

    private void schedule(Slot slot) {
        if (slot.cursor < slot.buffer.size()) {
            ready.add(slot);
        } else if (!slot.driver.finished()) {
            waiting.put(slot.driver.spec().episodeId(), slot);
        }
    }

    private Slot open(int lane, EpisodeDriver driver) {
        Slot slot = new Slot(lane, driver);
        slot.refill(driver.start());
        byLane.put(lane, slot);
        return slot;
    }

    /** Hands records on (or drops them), so a long episode does not accumulate them. */
    private static void drainSideRecords(EpisodeDriver driver, Sink sink) {
        List<SideRecord> records = driver.drainSideRecords();
        if (!records.isEmpty() && sink != null) {
            sink.sideRecords(driver, records);
        }
    }

    /** One episode in flight and the events of its current step not yet sent. */
    private static final class Slot implements Comparable<Slot> {
        final int lane;
        final EpisodeDriver driver;
        final long index;
        final long startNanos;
        List<TraceEvent> buffer;
        int cursor;
        /** Simulated epoch nanos of the event at the cursor: the queue's key, computed once per event, not per comparison. */
        long head;
        long skipThrough = -1;
        long lastSeq = -1;
        int lastStep = -1;
        double lastTime;
        int actions;
        double episodeReturn;

        Slot(int lane, EpisodeDriver driver) {
            this.lane = lane;
            this.driver = driver;
            this.index = driver.spec().index();
            Instant start = driver.spec().start();
            this.startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        }

        void refill(List<TraceEvent> events) {
            buffer = events;
            cursor = 0;
            head = headNanos();
        }

        /** Moves past the event at the cursor; only while the slot is out of the queue, as it changes its key. */
        void advance() {
            cursor++;
            head = headNanos();
        }

        void sent(TraceEvent event) {
            lastSeq = event.seq();
            lastStep = event.step();
            lastTime = event.time();
            if (event instanceof TraceEvent.RewardEvent reward) {
                episodeReturn += reward.value();
            } else if (event instanceof TraceEvent.ActionEvent) {
                actions++;
            }
        }

        LaneState state() {
            return new LaneState(lane, driver.spec().index(), driver.spec().start(), lastSeq, lastStep, lastTime, actions,
                    episodeReturn, false);
        }

        private long headNanos() {
            return cursor < buffer.size() ? startNanos + Math.round(buffer.get(cursor).time() * 1e9) : Long.MAX_VALUE;
        }

        Instant nextInstant() {
            long nanos = head;
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }

        @Override
        public int compareTo(Slot other) {
            int byTime = Long.compare(head, other.head);
            // Ties broken by episode index, so the merged order is fully determined by the run.
            return byTime != 0 ? byTime : Long.compare(index, other.index);
        }
    }
}
