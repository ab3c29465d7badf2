package io.mdpstream.sim.scenarios.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderTest {

    @Test
    void shouldReadBackEverySkuAndUnitsOfASixLineOrder() {
        int[][] skus = {
            {Order.MAX_SKUS, Order.MAX_SKUS, Order.MAX_SKUS, Order.MAX_SKUS, Order.MAX_SKUS, Order.MAX_SKUS},
            {0, 0, 0, 0, 0, Order.MAX_SKUS},
            {Order.MAX_SKUS, 0, Order.MAX_SKUS, 0, Order.MAX_SKUS, 0},
            {1, 2, 4, 8, 256, 510},
            {43, 42, 41, 40, 39, 2},
        };
        int[][] units = {
            {Order.MAX_UNITS, Order.MAX_UNITS, Order.MAX_UNITS, Order.MAX_UNITS, Order.MAX_UNITS, Order.MAX_UNITS},
            {1, 1, 1, 1, 1, Order.MAX_UNITS},
            {1, Order.MAX_UNITS, 1, Order.MAX_UNITS, 1, 1},
            {1, 2, 3, 4, 5, 6},
            {7, 6, 5, 4, 3, 2},
        };
        for (int order = 0; order < skus.length; order++) {
            assertReadsBack(skus[order], units[order]);
        }
    }

    @Test
    void shouldReadBackRandomOrdersOfEveryLength() {
        SplittableRandom random = new SplittableRandom(7);
        for (int order = 0; order < 10_000; order++) {
            int lineCount = 1 + random.nextInt(Order.MAX_LINES);
            int[] skus = new int[lineCount];
            int[] units = new int[lineCount];
            for (int line = 0; line < lineCount; line++) {
                skus[line] = random.nextInt(Order.MAX_SKUS + 1);
                units[line] = 1 + random.nextInt(Order.MAX_UNITS);
            }
            assertReadsBack(skus, units);
        }
    }

    private static void assertReadsBack(int[] skus, int[] units) {
        long lines = 0;
        byte linesHigh = 0;
        for (int line = 0; line < skus.length; line++) {
            lines = Order.withLine(lines, line, skus[line], units[line]);
            linesHigh = Order.withLineHigh(linesHigh, line, skus[line]);
        }
        Order order = new Order(0, false, 0, lines, linesHigh, skus.length, 0, null);
        for (int line = 0; line < skus.length; line++) {
            assertThat(order.sku(line)).as("SKU of line %d of %d", line, skus.length).isEqualTo(skus[line]);
            assertThat(order.units(line)).as("units of line %d of %d", line, skus.length).isEqualTo(units[line]);
        }
    }
}
