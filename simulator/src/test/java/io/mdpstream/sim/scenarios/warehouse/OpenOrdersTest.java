package io.mdpstream.sim.scenarios.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenOrdersTest {

    /** Departures at 09:30, 14:00 and 20:30 for an episode from 06:00: number 0 is 3.5 h in, 3 is 27.5 h in. */
    private static final DailyCalendar DEPARTURES = new DailyCalendar(new double[] {9.5, 14, 20.5},
            java.time.Instant.parse("2026-03-02T06:00:00Z"));

    private static long pack(int[] skus, int[] units, int lineCount) {
        long lines = 0;
        for (int i = 0; i < lineCount; i++) {
            lines = Order.withLine(lines, i, skus[i], units[i]);
        }
        return lines;
    }

    private static byte packHigh(int[] skus, int lineCount) {
        byte high = 0;
        for (int i = 0; i < lineCount; i++) {
            high = Order.withLineHigh(high, i, skus[i]);
        }
        return high;
    }

    private static long oneLine(int sku) {
        return pack(new int[] {sku}, new int[] {1}, 1);
    }

    @Test
    void shouldFindABackorderedOrderByNumberAfterOthersLeave() {
        OpenOrders open = new OpenOrders(DEPARTURES);
        int[] numbers = new int[6];
        for (int i = 0; i < 6; i++) {
            numbers[i] = open.add(-i, 0, false, i, oneLine(i), (byte) 0, 1, i % 2 == 1 ? 0b1 : 0);
        }

        open.remove(0); // order 0, ready
        open.remove(0); // order 1, backordered
        open.remove(2); // order 4, ready: left are 2, 3 (backordered), 5 (backordered)

        assertThat(open.indexOf(numbers[1])).isEqualTo(-1);
        assertThat(open.indexOf(numbers[2])).as("never backordered").isEqualTo(-1);
        int at = open.indexOf(numbers[5]);
        assertThat(at).isEqualTo(open.size() - 1);
        assertThat(open.sku(at, 0)).isEqualTo(5);
        assertThat(open.sku(open.indexOf(numbers[3]), 0)).isEqualTo(3);
    }

    @Test
    void shouldForgetTheNumberOnceTheLastWaitingLineIsFilled() {
        OpenOrders open = new OpenOrders(DEPARTURES);
        long lines = pack(new int[] {1, 2, 3}, new int[] {1, 1, 1}, 3);
        int number = open.add(0, 0, false, 5, lines, (byte) 0, 3, 0b101);

        open.markFilled(0, 0);

        assertThat(open.backordered(0)).isTrue();
        assertThat(open.backordered(0, 0)).isFalse();
        assertThat(open.backordered(0, 2)).isTrue();
        assertThat(open.backorderedLines(0)).isEqualTo(0b100);
        assertThat(open.indexOf(number)).isZero();
        open.markFilled(0, 2);
        assertThat(open.backordered(0)).isFalse();
        assertThat(open.indexOf(number)).isEqualTo(-1);
    }

    @Test
    void shouldKeepEveryFieldThroughGrowingAndShrinking() {
        OpenOrders open = new OpenOrders(DEPARTURES);
        for (int id = 1; id <= 300; id++) {
            int[] skus = {id % 511, (id * 7) % 511, 3, 4, 5, (id * 13) % 511};
            int[] units = {1 + id % 7, 2, 7, 1, 1, 1 + id % 5};
            open.add(id * 1.5, id % 5, id % 3 == 0, id / 4.0, pack(skus, units, 6), packHigh(skus, 6), 6,
                    id % 4 == 0 ? 0b10 : 0);
        }
        for (int removed = 0; removed < 290; removed++) {
            open.remove(0);
        }

        assertThat(open.size()).isEqualTo(10);
        for (int at = 0; at < open.size(); at++) {
            int id = 291 + at;
            assertThat(open.arrival(at)).isEqualTo((float) (id * 1.5));
            assertThat(open.due(at)).isEqualTo((int) DEPARTURES.time(id % 5));
            assertThat(open.express(at)).isEqualTo(id % 3 == 0);
            assertThat(open.margin(at)).isEqualTo((float) (id / 4.0));
            assertThat(open.lineCount(at)).isEqualTo(6);
            assertThat(open.sku(at, 1)).isEqualTo((id * 7) % 511);
            assertThat(open.units(at, 0)).isEqualTo(1 + id % 7);
            assertThat(open.sku(at, 5)).isEqualTo((id * 13) % 511);
            assertThat(open.units(at, 5)).isEqualTo(1 + id % 5);
            assertThat(open.backordered(at)).isEqualTo(id % 4 == 0);
            if (id % 4 == 0) {
                assertThat(open.indexOf(id)).isEqualTo(at);
            }
        }
    }

    @Test
    void shouldRefuseADepartureNumberItCannotHold() {
        OpenOrders open = new OpenOrders(DEPARTURES);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open.add(0, 70_000, false, 1, oneLine(1), (byte) 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("departure number 70000");
    }

    @Test
    void shouldHandAReleasedOrderItsFieldsAndStep() {
        OpenOrders open = new OpenOrders(DEPARTURES);
        int[] skus = {40, 9, 1, 2, 3, 510};
        int[] units = {3, 1, 1, 1, 1, 6};
        open.add(-120, 3, true, 12.5, pack(skus, units, 6), packHigh(skus, 6), 6, 0);

        Order order = open.released(0, 4, null);

        assertThat(order.due).isEqualTo(27 * 3600 + 1800);
        assertThat(order.express).isTrue();
        assertThat(order.margin).isEqualTo(12.5f);
        assertThat(order.lineCount).isEqualTo((byte) 6);
        assertThat(order.sku(0)).isEqualTo(40);
        assertThat(order.units(1)).isEqualTo(1);
        assertThat(order.sku(5)).isEqualTo(510);
        assertThat(order.units(5)).isEqualTo(6);
        assertThat(order.releaseStep).isEqualTo(4);
    }
}
