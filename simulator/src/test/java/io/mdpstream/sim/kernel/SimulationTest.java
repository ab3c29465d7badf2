package io.mdpstream.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private final Simulation sim = new Simulation();
    private final List<String> fired = new ArrayList<>();

    @Test
    void shouldFireEventsInTimeOrderAndAdvanceTheClock() {
        sim.schedule(5, () -> fired.add("b@" + sim.now()));
        sim.schedule(1, () -> fired.add("a@" + sim.now()));
        sim.scheduleAfter(9, () -> fired.add("c@" + sim.now()));

        while (sim.step()) {
            // run to the end
        }

        assertThat(fired).containsExactly("a@1.0", "b@5.0", "c@9.0");
    }

    @Test
    void shouldFireEventsAtEqualTimesInSchedulingOrder() {
        for (int i = 0; i < 50; i++) {
            int n = i;
            sim.schedule(3.0, () -> fired.add("e" + n));
        }
        sim.schedule(2.0, () -> sim.schedule(3.0, () -> fired.add("late")));

        sim.runUntil(10);

        assertThat(fired).hasSize(51).startsWith("e0", "e1", "e2").endsWith("e49", "late");
    }

    @Test
    void shouldSkipCancelledEvents() {
        EventHandle doomed = sim.scheduleCancellable(2, () -> fired.add("doomed"));
        sim.schedule(1, () -> sim.cancel(doomed));
        sim.schedule(3, () -> fired.add("kept"));

        sim.runUntil(5);

        assertThat(fired).containsExactly("kept");
        assertThat(doomed.cancelled()).isTrue();
        assertThat(sim.now()).isEqualTo(5.0);
    }

    @Test
    void anEventThatStopsTheRunShouldBeTheLastOneItFires() {
        sim.schedule(1, () -> fired.add("a"));
        sim.schedule(2, () -> {
            fired.add("decision");
            sim.stop();
        });
        sim.schedule(2, () -> fired.add("b")); // at the same time, but after the stop
        sim.schedule(3, () -> fired.add("c"));

        assertThat(sim.runUntil(10)).as("stopped").isTrue();
        assertThat(fired).containsExactly("a", "decision");
        assertThat(sim.now()).as("the clock stays at the stopping event").isEqualTo(2.0);

        assertThat(sim.runUntil(10)).as("the next run goes on to its end").isFalse();
        assertThat(fired).containsExactly("a", "decision", "b", "c");
        assertThat(sim.now()).isEqualTo(10.0);
    }

    @Test
    void aStopOutsideARunShouldNotCutTheNextRunShort() {
        sim.schedule(1, () -> {
            fired.add("stepped");
            sim.stop(); // fired by step(), not by a run
        });
        sim.schedule(2, () -> fired.add("a"));
        sim.schedule(3, () -> fired.add("b"));

        sim.step();
        sim.stop();

        assertThat(sim.runUntil(5)).isFalse();
        assertThat(fired).containsExactly("stepped", "a", "b");
    }

    @Test
    void aRunShouldLeaveEventsAfterItsEndPendingInAHeapToo() {
        for (int i = 0; i < 40; i++) { // past the sorted array's limit
            int n = i;
            sim.schedule(i, () -> fired.add("e" + n));
        }
        EventHandle doomed = sim.scheduleCancellable(20.5, () -> fired.add("doomed"));
        sim.cancel(doomed); // a heap keeps it until the front, where the run must skip it

        assertThat(sim.runUntil(20.5)).isFalse();

        assertThat(fired).hasSize(21).endsWith("e20").doesNotContain("doomed");
        assertThat(sim.nextEventTime()).isEqualTo(21.0);
        assertThat(sim.pending()).isEqualTo(19);
    }

    @Test
    void aCancelledHandleShouldLeaveASortedArrayAtOnceAndAHeapOnlyAtTheFront() {
        HybridEventList sorted = new HybridEventList();
        EventHandle doomed = new EventHandle(2, () -> { });
        sorted.add(1, () -> fired.add("a"));
        sorted.add(2, doomed);
        sorted.add(3, () -> fired.add("c"));

        sorted.cancel(doomed);
        sorted.cancel(doomed); // twice does nothing more

        assertThat(sorted.size()).isEqualTo(2);
        drain(sorted);
        assertThat(fired).containsExactly("a", "c");

        HybridEventList heap = new HybridEventList();
        EventHandle late = new EventHandle(5, () -> fired.add("late"));
        for (int i = 0; i < 40; i++) {
            heap.add(i % 10, i == 20 ? late : () -> { });
        }
        heap.cancel(late);

        assertThat(heap.isHeap()).isTrue();
        assertThat(heap.size()).as("kept until it reaches the front").isEqualTo(40);
        assertThat(drain(heap)).isEqualTo(39);
        assertThat(fired).doesNotContain("late");
    }

    @Test
    void cancellingTheEarliestEventOfASortedListShouldBringTheNextOneForward() {
        // The earliest entry is held apart from the others (the head); cancelling it takes the
        // next from the others, and cancelling the only one leaves the list empty.
        HybridEventList list = new HybridEventList();
        EventHandle first = new EventHandle(1, () -> fired.add("first"));
        list.add(1, first);
        list.add(2, () -> fired.add("second"));
        list.add(2, () -> fired.add("third")); // a tie: after the second

        list.cancel(first);

        assertThat(list.size()).isEqualTo(2);
        assertThat(list.peekTime()).isEqualTo(2.0);
        assertThat(drain(list)).isEqualTo(2);
        assertThat(fired).containsExactly("second", "third");

        EventHandle only = new EventHandle(5, () -> fired.add("only"));
        list.add(5, only);
        list.cancel(only);
        assertThat(list.size()).isZero();
        assertThat(list.peekTime()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(list.poll()).isNull();
    }

    @Test
    void aHeapShrinkingToACancelledHandleShouldBeEmpty() {
        HybridEventList list = new HybridEventList();
        for (int i = 0; i < 20; i++) {
            list.add(i, () -> { });
        }
        EventHandle last = new EventHandle(99, () -> fired.add("last"));
        list.add(99, last);
        list.cancel(last);

        for (int i = 0; i < 20; i++) {
            assertThat(list.poll()).isNotNull();
        }

        assertThat(list.isHeap()).isFalse();
        assertThat(list.size()).isZero();
        assertThat(list.peekTime()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(list.poll()).isNull();
    }

    @Test
    void delayingAHeapShouldDropTheCancelledHandlesItStillHeld() {
        // The latest entry is cancelled: taking the others out leaves a heap of it alone, which
        // becomes an empty sorted array before the loop reaches it.
        List<EventHandle> handles = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int n = i;
            handles.add(sim.scheduleCancellable(i, () -> fired.add("e" + n)));
        }
        sim.cancel(handles.get(29));
        sim.cancel(handles.get(7));

        sim.delayPending(() -> 1000);

        assertThat(sim.nextEventTime()).isEqualTo(1000.0);
        assertThat(handles.get(0).time()).isEqualTo(1000.0);
        sim.runUntil(2000);
        assertThat(fired).hasSize(28).doesNotContain("e7", "e29").startsWith("e0", "e1").endsWith("e28");
    }

    /** Polls and fires every entry; returns how many came out. */
    private static int drain(HybridEventList list) {
        int n = 0;
        for (Event e = list.poll(); e != null; e = list.poll()) {
            e.fire();
            n++;
        }
        return n;
    }

    @Test
    void shouldRefuseToScheduleInThePast() {
        sim.schedule(4, () -> { });
        sim.step();

        assertThatThrownBy(() -> sim.schedule(3, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t=3.0").hasMessageContaining("never goes back");
        assertThatThrownBy(() -> sim.scheduleAfter(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.scheduleAfter(Double.NaN, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.scheduleAfter(Double.POSITIVE_INFINITY, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay must be finite");
        assertThatThrownBy(() -> sim.schedule(Double.NaN, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.scheduleCancellableAfter(-0.5, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThat(sim.pending()).isZero();
    }

    @Test
    void shouldOrderManyRandomEventsLikeASort() {
        HybridEventList list = new HybridEventList();
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = Math.floor(random.nextDouble() * 1000); // many ties
            list.add(times[i], () -> { });
        }
        double lastTime = -1;
        int polled = 0;
        while (list.size() > 0) {
            double t = list.peekTime();
            Event e = list.poll();
            e.fire();
            assertThat(t).isGreaterThanOrEqualTo(lastTime);
            lastTime = t;
            polled++;
        }
        assertThat(polled).isEqualTo(n);
    }

    @Test
    void shouldKeepFifoOrderAmongEqualTimesThroughTheHeap() {
        HybridEventList list = new HybridEventList();
        SplittableRandom random = new SplittableRandom(2);
        List<Long> firedOrders = new ArrayList<>();
        for (long i = 0; i < 10_000; i++) {
            long order = i;
            list.add(random.nextInt(20), () -> firedOrders.add(order));
        }
        double lastTime = -1;
        long lastOrder = -1;
        while (list.size() > 0) {
            double t = list.peekTime();
            list.poll().fire();
            long order = firedOrders.get(firedOrders.size() - 1);
            assertThat(t > lastTime || order > lastOrder).as("order within time %s", t).isTrue();
            lastTime = t;
            lastOrder = order;
        }
    }

    @Test
    void delayingPendingEventsShouldKeepThemAllAndOnlyMoveThemLater() {
        sim.schedule(1, () -> fired.add("a"));
        sim.schedule(2, () -> fired.add("b"));

        sim.delayPending(() -> 10);

        assertThat(sim.nextEventTime()).isEqualTo(11.0);
        sim.runUntil(100);
        assertThat(fired).containsExactly("a", "b");
    }

    @Test
    void eventsDelayedToEqualTimesShouldKeepTheOrderTheyWereDueIn() {
        // Scheduled latest first, so the order of scheduling and the order of firing disagree; 40
        // events make a heap, 3 a sorted array.
        for (int n : new int[] {3, 40}) {
            Simulation s = new Simulation();
            List<Integer> order = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) {
                int due = i;
                s.schedule(i, () -> order.add(due));
            }
            double[] lift = {100};
            s.delayPending(() -> lift[0]--); // the first due gets 100, the next 99 ...: all at t=100

            assertThat(s.nextEventTime()).isEqualTo(100.0);
            s.runUntil(100);
            assertThat(order).as("%d events", n).isSortedAccordingTo(Integer::compare).hasSize(n);
        }
    }

    @Test
    void aBadDelayForPendingEventsShouldMoveNoEvent() {
        sim.schedule(1, () -> fired.add("a"));
        sim.schedule(2, () -> fired.add("b"));
        double[] extra = {5, -1};
        int[] drawn = {0};

        assertThatThrownBy(() -> sim.delayPending(() -> extra[drawn[0]++]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");

        assertThat(sim.pending()).isEqualTo(2);
        assertThat(sim.nextEventTime()).isEqualTo(1.0);
        sim.runUntil(3);
        assertThat(fired).containsExactly("a", "b");
    }

    @Test
    void aClearedListShouldBeEmptyAndTakeNewEventsAsSortedOrHeap() {
        HybridEventList list = new HybridEventList();
        for (int i = 0; i < 100; i++) {
            list.add(i % 7, () -> { });
        }
        assertThat(list.isHeap()).isTrue();

        list.clear();

        assertThat(list.size()).isZero();
        assertThat(list.isHeap()).isFalse();
        assertThat(list.poll()).isNull();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            list.add(99 - i, () -> order.add(n));
        }
        while (list.size() > 0) {
            list.poll().fire();
        }
        assertThat(order).hasSize(100).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void shouldMatchASortedReferenceWhenEventsScheduleAsTheyFire() {
        // A handful pending, as in one episode (0, 1 or 2 events per firing, fewer past a dozen):
        // the list stays a sorted array.
        Run run = matchReference(3, 100_000,
                (round, size, random) -> size < 3 ? 2 : random.nextInt(size > 12 ? 2 : 3));

        assertThat(run.added()).isGreaterThan(100_000);
        assertThat(run.heapRounds()).isZero();
    }

    @Test
    void shouldMatchASortedReferenceWhileTheListGrowsIntoAHeapAndShrinksBack() {
        // Phases of 150 firings that add 1.5 events each on average, then 0.5: the list wanders
        // between empty and about 75 entries, past the sorted array's limit and back, many times.
        Run run = matchReference(4, 100_000, (round, size, random) -> (round / 150) % 2 == 0 ? random.nextInt(4) : random.nextInt(2));

        assertThat(run.added()).isGreaterThan(90_000);
        assertThat(run.heapRounds()).as("rounds spent as a heap").isGreaterThan(10_000);
        assertThat(run.backToSorted()).as("times it became a sorted array again").isGreaterThan(20);
    }

    /** How many events to add before the next poll. */
    private interface Adds {
        int next(int round, int size, SplittableRandom random);
    }

    /** Events added in a run, rounds that ended with the list a heap, and its returns to a sorted array. */
    private record Run(long added, int heapRounds, int backToSorted) {
    }

    /**
     * Events that schedule others while they fire, checked against a reference priority queue that
     * says what must come out, cancellations and ties included.
     */
    private static Run matchReference(long seed, int rounds, Adds adds) {
        record Entry(double time, long order, EventHandle handle) { }
        PriorityQueue<Entry> reference = new PriorityQueue<>((a, b) -> a.time() != b.time()
                ? Double.compare(a.time(), b.time()) : Long.compare(a.order(), b.order()));
        HybridEventList list = new HybridEventList();
        SplittableRandom random = new SplittableRandom(seed);
        long order = 0;
        double now = 0;
        int heapRounds = 0;
        int backToSorted = 0;
        List<EventHandle> handles = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean wasHeap = list.isHeap();
            int n = adds.next(round, list.size(), random);
            for (int a = 0; a < n; a++) {
                double time = now + Math.floor(random.nextDouble() * 8); // ties, and events at now
                EventHandle handle = new EventHandle(time, () -> { });
                list.add(time, handle);
                reference.add(new Entry(time, order++, handle));
                handles.add(handle);
            }
            if (random.nextInt(10) == 0 && !handles.isEmpty()) {
                list.cancel(handles.get(random.nextInt(handles.size()))); // pending, fired or cancelled before
            }
            while (!reference.isEmpty() && reference.peek().handle().cancelled) {
                reference.poll();
            }
            if (random.nextInt(7) == 0) {
                assertThat(list.peekTime()).isEqualTo(reference.isEmpty() ? Double.POSITIVE_INFINITY : reference.peek().time());
            }
            if (random.nextInt(4) == 0 && !reference.isEmpty() && reference.peek().time() > now) {
                // A run up to a time before the next event takes nothing, and must leave the list as
                // it was: the poll below checks that.
                assertThat(list.pollNotAfter(now)).as("round %d", round).isNull();
            }
            Event polled = random.nextBoolean() ? list.poll() : list.pollNotAfter(now + 8);
            Entry expected = reference.poll();
            assertThat(polled).as("round %d", round).isSameAs(expected == null ? null : expected.handle());
            if (expected != null) {
                assertThat(list.polledTime()).isEqualTo(expected.time());
                now = expected.time();
            }
            heapRounds += list.isHeap() ? 1 : 0;
            backToSorted += wasHeap && !list.isHeap() ? 1 : 0;
        }
        return new Run(order, heapRounds, backToSorted);
    }
}
