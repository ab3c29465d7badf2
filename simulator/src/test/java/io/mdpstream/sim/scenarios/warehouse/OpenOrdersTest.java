package io.mdpstream.sim.scenarios.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenOrdersTest {

    @Test
    void shouldFindOrdersByIdAfterEarlierOnesLeave() {
        OpenOrders open = new OpenOrders();
        for (int id = 1; id <= 5; id++) {
            open.add(id, -id, 3600, id % 2 == 0, 10 * id, Order.pack(new int[] {id}, new int[] {1}, 1), 1);
        }

        open.remove(open.indexOf(2));
        open.remove(open.indexOf(4));

        assertThat(open.size()).isEqualTo(3);
        assertThat(open.indexOf(2)).isEqualTo(-1);
        assertThat(open.indexOf(5)).isEqualTo(2);
        assertThat(open.sku(open.indexOf(5), 0)).isEqualTo(5);
        assertThat(open.margin(open.indexOf(3))).isEqualTo(30f);
        assertThat(open.arrival(0)).isEqualTo(-1f);
    }

    @Test
    void shouldKeepEveryFieldThroughGrowingAndShrinking() {
        OpenOrders open = new OpenOrders();
        for (int id = 1; id <= 300; id++) {
            int[] skus = {id % 511, (id * 7) % 511, 3};
            int[] units = {1 + id % 7, 2, 7};
            open.add(id, id * 1.5, 3600 * (id % 5), id % 3 == 0, id / 4.0, Order.pack(skus, units, 3), 3);
            if (id % 4 == 0) {
                open.markBackordered(open.size() - 1, 1);
            }
        }
        for (int id = 1; id <= 290; id++) {
            open.remove(open.indexOf(id));
        }

        assertThat(open.size()).isEqualTo(10);
        for (int at = 0; at < open.size(); at++) {
            int id = open.id(at);
            assertThat(id).isEqualTo(291 + at);
            assertThat(open.arrival(at)).isEqualTo((float) (id * 1.5));
            assertThat(open.due(at)).isEqualTo(3600 * (id % 5));
            assertThat(open.express(at)).isEqualTo(id % 3 == 0);
            assertThat(open.margin(at)).isEqualTo((float) (id / 4.0));
            assertThat(open.lineCount(at)).isEqualTo(3);
            assertThat(open.sku(at, 1)).isEqualTo((id * 7) % 511);
            assertThat(open.units(at, 0)).isEqualTo(1 + id % 7);
            assertThat(open.backordered(at)).isEqualTo(id % 4 == 0);
        }
    }

    @Test
    void shouldTrackBackorderedLinesOneByOne() {
        OpenOrders open = new OpenOrders();
        int at = open.add(1, 0, 3600, false, 5, Order.pack(new int[] {1, 2, 3}, new int[] {1, 1, 1}, 3), 3);

        open.markBackordered(at, 0);
        open.markBackordered(at, 2);
        open.markFilled(at, 0);

        assertThat(open.backordered(at)).isTrue();
        assertThat(open.backordered(at, 0)).isFalse();
        assertThat(open.backordered(at, 2)).isTrue();
        assertThat(open.backorderedLines(at)).isEqualTo(0b100);
        open.markFilled(at, 2);
        assertThat(open.backordered(at)).isFalse();
    }

    @Test
    void shouldHandAReleasedOrderItsFieldsAndStep() {
        OpenOrders open = new OpenOrders();
        long lines = Order.pack(new int[] {40, 9}, new int[] {3, 1}, 2);
        int at = open.add(7, -120, 34_200, true, 12.5, lines, 2);

        Order order = open.released(at, 4);

        assertThat(order.due).isEqualTo(34_200);
        assertThat(order.express).isTrue();
        assertThat(order.margin).isEqualTo(12.5f);
        assertThat(order.lineCount).isEqualTo((byte) 2);
        assertThat(order.sku(0)).isEqualTo(40);
        assertThat(order.units(1)).isEqualTo(1);
        assertThat(order.releaseStep).isEqualTo(4);
    }

    @Test
    void shouldRejectAnIdOutOfArrivalOrder() {
        OpenOrders open = new OpenOrders();
        open.add(3, 0, 3600, false, 1, 0, 1);

        assertThatThrownBy(() -> open.add(3, 1, 3600, false, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order id 3");
    }
}
