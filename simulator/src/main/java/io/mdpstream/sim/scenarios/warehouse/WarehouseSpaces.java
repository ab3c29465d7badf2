package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.MultiDiscrete;

/**
 * The warehouse's observation and action spaces, their field names and the mask layout.
 *
 * <p>Constants only; thread-safe.
 */
final class WarehouseSpaces {

    /** Candidate orders shown at a decision. */
    static final int CANDIDATES = 8;
    /** Replenishment choices per SKU class: none, standard, expedited. */
    static final int REPLENISH_CHOICES = 3;
    static final int NONE = 0;
    static final int STANDARD = 1;
    static final int EXPEDITE = 2;

    static final String RELEASE = "release";
    static final String REPLENISH = "replenish";

    /** Mask index of "keep" ({@code release} false) or "release" for candidate slot {@code slot}. */
    static int releaseMaskIndex(int slot, boolean release) {
        return 2 * slot + (release ? 1 : 0);
    }

    /** Mask index of replenishment choice {@code choice} for SKU class {@code skuClass}. */
    static int replenishMaskIndex(int skuClass, int choice) {
        return 2 * CANDIDATES + skuClass * REPLENISH_CHOICES + choice;
    }

    /** Bound on minutes to due, either way: two weeks, beyond the longest horizon plus the longest lead. */
    static final double DUE_BOUND_MINUTES = 20_160;
    static final double MAX_STANDARD_MINUTES = 240;
    static final double MAX_COVER_HOURS = 1000;
    static final double MAX_MARGIN = 100_000;
    static final double MAX_QUEUED_MINUTES = 100_000;
    private static final long COUNT = 10_000_000;

    static final Dict OBSERVATION = Dict.builder()
            .add("hour_of_day", new Discrete(24), "UTC hour of day")
            .add("day_of_week", new Discrete(7), "UTC day of week, 0 = Monday")
            .add("minutes_to_next_departure", Box.continuous(0, 1440), "minutes until the next carrier departure (cut-off)")
            .add("pickers_on_floor", Box.integer(0, 1000), "rostered pickers, plus any still finishing a pick after their shift")
            .add("pickers_busy", Box.integer(0, 1000), "pickers on a pick tour now")
            .add("wms_outage", Box.integer(0, 1), "1 while the WMS is down: nothing can be released, queued tours run slower")
            .add("demand_surge", Box.integer(0, 1), "1 while a demand surge (flash sale) is running")
            .add("open_orders", Box.integer(0, COUNT), "orders waiting for release, backordered ones included")
            .add("open_express", Box.integer(0, COUNT), "open orders with express service")
            .add("open_late", Box.integer(0, COUNT), "open orders that already missed their departure")
            .add("open_backordered", Box.integer(0, COUNT), "open orders with a line waiting for stock")
            .add("releasable_orders", Box.integer(0, COUNT), "open orders with all their stock reserved: they can be released")
            .add("queued_orders", Box.integer(0, COUNT), "released orders waiting for a picker")
            .add("queued_work_minutes", Box.continuous(0, MAX_QUEUED_MINUTES), "engineered standard minutes of the queued orders")
            .add("due_by_next_departure", Box.integer(0, COUNT),
                    "orders not yet packed (open, queued, picking, packing) due at or before the next departure")
            .add("oldest_open_minutes", Box.continuous(0, Double.POSITIVE_INFINITY), "age of the oldest open order, minutes")
            .add("ready_to_ship", Box.integer(0, COUNT), "packed orders waiting for the next departure")
            .add("sku_stockouts", Box.integerVector(Inventory.CLASSES, 0, Order.MAX_SKUS),
                    "SKUs with no unreserved stock, per class A, B, C")
            .add("backordered_lines", Box.integerVector(Inventory.CLASSES, 0, COUNT), "open order lines waiting for stock, per class")
            .add("target_available", Box.integerVector(Inventory.CLASSES, 0, COUNT),
                    "unreserved units on hand of each class's most depleted SKU (the one a replenishment restocks)")
            .add("target_inbound", Box.integerVector(Inventory.CLASSES, 0, COUNT), "units on order for that SKU")
            .add("target_cover_hours", Box.vector(Inventory.CLASSES, 0, MAX_COVER_HOURS),
                    "that SKU's position (unreserved + inbound - backordered) over its forecast hourly demand")
            .add("open_replenishments", Box.integerVector(Inventory.CLASSES, 0, COUNT), "replenishment orders not yet received, per class")
            .add("cand_minutes_to_due", Box.vector(CANDIDATES, -DUE_BOUND_MINUTES, DUE_BOUND_MINUTES),
                    "per candidate slot (the most urgent releasable orders, earliest due first): minutes until its"
                            + " departure, negative when already late; 0 for an empty slot")
            .add("cand_lines", Box.integerVector(CANDIDATES, 0, Order.MAX_LINES), "per slot: order lines; 0 = empty slot")
            .add("cand_express", Box.integerVector(CANDIDATES, 0, 1), "per slot: 1 for express service")
            .add("cand_standard_minutes", Box.vector(CANDIDATES, 0, MAX_STANDARD_MINUTES),
                    "per slot: engineered standard time of the pick tour, minutes, before congestion")
            .add("cand_margin", Box.vector(CANDIDATES, 0, MAX_MARGIN), "per slot: contribution earned when it ships, EUR")
            .build();

    static final Dict ACTION = Dict.builder()
            .add(RELEASE, new MultiDiscrete(2, 2, 2, 2, 2, 2, 2, 2),
                    "per candidate slot: 1 = release it to the pick queue now, 0 = keep it open")
            .add(REPLENISH, new MultiDiscrete(REPLENISH_CHOICES, REPLENISH_CHOICES, REPLENISH_CHOICES),
                    "per class A, B, C: 0 none, 1 standard, 2 expedited replenishment of its most depleted SKU")
            .build();

    private WarehouseSpaces() {
    }
}
