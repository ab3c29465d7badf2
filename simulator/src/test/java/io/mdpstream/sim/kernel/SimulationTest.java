package io.mdpstream.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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
        assertThat(sim.fired()).isEqualTo(3);
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
    void shouldRefuseToScheduleInThePast() {
        sim.schedule(4, () -> { });
        sim.step();

        assertThatThrownBy(() -> sim.schedule(3, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t=3.0").hasMessageContaining("never goes back");
        assertThatThrownBy(() -> sim.scheduleAfter(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.scheduleAfter(Double.NaN, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldOrderManyRandomEventsLikeASort() {
        BinaryHeapEventList list = new BinaryHeapEventList();
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = Math.floor(random.nextDouble() * 1000); // many ties
            list.add(times[i], i, () -> { });
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
        BinaryHeapEventList list = new BinaryHeapEventList();
        SplittableRandom random = new SplittableRandom(2);
        List<Long> firedOrders = new ArrayList<>();
        for (long i = 0; i < 10_000; i++) {
            long order = i;
            list.add(random.nextInt(20), order, () -> firedOrders.add(order));
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
}
