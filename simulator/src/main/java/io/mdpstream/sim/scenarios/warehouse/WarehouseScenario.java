package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.CausalModel;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.util.List;
import java.util.Map;

/**
 * Picking and fulfilment in a pick module of a mid-size e-commerce fulfilment centre over a
 * two-shift day: seasonal order arrivals with carrier cut-offs, an A/B/C catalogue whose stock
 * depletes and is replenished with lead times, pickers slowed by congestion and nearly empty
 * locations, backorders and cancellations, late penalties, a WMS outage and demand surges. The
 * policy releases orders to free pickers and replenishes SKU classes. See
 * {@code docs/scenarios/warehouse.md}.
 *
 * <p>Immutable and thread-safe; episodes hold the state.
 */
public final class WarehouseScenario implements Scenario {

    private static final String VERSION = "1.1.0";
    private static final ParameterSpec SPEC = spec();
    private static final CausalModel CAUSAL = CausalModel.builder()
            .influences(WarehouseSpaces.RELEASE, "open_orders", "open_express", "open_late", "releasable_orders",
                    "queued_orders", "queued_work_minutes", "due_by_next_departure", "oldest_open_minutes", "ready_to_ship",
                    "pickers_busy", "pickers_on_floor", "cand_minutes_to_due", "cand_lines", "cand_express",
                    "cand_standard_minutes", "cand_margin")
            .influences(WarehouseSpaces.REPLENISH, "target_available", "target_inbound", "target_cover_hours",
                    "open_replenishments", "sku_stockouts", "backordered_lines", "open_backordered", "releasable_orders",
                    "open_orders", "open_express", "open_late", "cand_minutes_to_due", "cand_lines", "cand_express",
                    "cand_standard_minutes", "cand_margin")
            .exogenous("orders_arrived", "express_orders_arrived", "lines_ordered", "demand_surge_multiplier",
                    "wms_outage_slowdown", "pickers_rostered", "hour_of_day", "day_of_week", "minutes_to_next_departure",
                    "demand_surge", "wms_outage")
            .build();
    private static final List<Invariant> INVARIANTS = List.of(
            new Invariant("busy_within_on_floor", obs -> (Long) obs.get("pickers_busy") <= (Long) obs.get("pickers_on_floor")
                    ? null : "more pickers busy than on the floor"),
            new Invariant("open_counts_within_open_orders", WarehouseScenario::openCountsViolation),
            new Invariant("open_orders_are_releasable_or_backordered", obs ->
                    (Long) obs.get("releasable_orders") + (Long) obs.get("open_backordered") == (Long) obs.get("open_orders")
                            ? null : "releasable " + obs.get("releasable_orders") + " + backordered " + obs.get("open_backordered")
                            + " != open " + obs.get("open_orders")),
            new Invariant("candidates_fill_slots_in_order", WarehouseScenario::candidatesViolation),
            new Invariant("queued_work_only_with_queued_orders", obs ->
                    ((Long) obs.get("queued_orders") == 0) == ((Double) obs.get("queued_work_minutes") == 0)
                            ? null : "queued_orders " + obs.get("queued_orders") + " but queued_work_minutes "
                            + obs.get("queued_work_minutes")));

    private final WarehouseHeuristic heuristic = new WarehouseHeuristic(VERSION);
    /**
     * The settings of the latest episode built, and the parameters they came from. The episodes of a
     * run usually differ only in their drawn arrival rate, which each episode reads itself, so they
     * share one settings object rather than hold ~600 bytes each (a continuous feed keeps 100,000
     * episodes in flight). Settings are immutable: a racing thread at worst builds its own.
     */
    private volatile SettingsSource latestSettings;

    private record SettingsSource(Parameters parameters, WarehouseSettings settings) {
    }

    @Override
    public String name() {
        return "warehouse";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String description() {
        return "e-commerce fulfilment centre: release orders to pickers against carrier cut-offs, replenish A/B/C stock";
    }

    @Override
    public Dict observationSpace() {
        return WarehouseSpaces.OBSERVATION;
    }

    @Override
    public Space actionSpace() {
        return WarehouseSpaces.ACTION;
    }

    @Override
    public ParameterSpec parameterSpec() {
        return SPEC;
    }

    /** An order's reward comes when it ships or when the episode ends, so within the longest horizon (168 h). */
    @Override
    public java.time.Duration maxRewardDelay() {
        return java.time.Duration.ofHours(168);
    }

    @Override
    public CausalModel causalModel() {
        return CAUSAL;
    }

    @Override
    public List<Invariant> invariants() {
        return INVARIANTS;
    }

    @Override
    public Episode newEpisode(EpisodeContext context) {
        return new WarehouseEpisode(context, settings(context.parameters()));
    }

    private WarehouseSettings settings(Parameters parameters) {
        SettingsSource latest = latestSettings;
        if (latest != null && parameters.sameValuesAs(latest.parameters(), WarehouseSettings.PER_EPISODE)) {
            return latest.settings();
        }
        WarehouseSettings settings = new WarehouseSettings(parameters);
        latestSettings = new SettingsSource(parameters, settings);
        return settings;
    }

    @Override
    public ScoredPolicy heuristic() {
        return heuristic;
    }

    /** Release nothing and order nothing: always valid. */
    @Override
    public Object fallbackAction(Decision decision) {
        return WarehouseHeuristic.action(new int[WarehouseSpaces.CANDIDATES], new int[Inventory.CLASSES]);
    }

    private static String openCountsViolation(Map<String, Object> obs) {
        long open = (Long) obs.get("open_orders");
        for (String subset : List.of("open_express", "open_late", "open_backordered")) {
            if ((Long) obs.get(subset) > open) {
                return subset + " " + obs.get(subset) + " exceeds open_orders " + open;
            }
        }
        return null;
    }

    private static String candidatesViolation(Map<String, Object> obs) {
        long[] lines = (long[]) obs.get("cand_lines");
        double[] margin = (double[]) obs.get("cand_margin");
        double[] toDue = (double[]) obs.get("cand_minutes_to_due");
        long[] express = (long[]) obs.get("cand_express");
        double[] standard = (double[]) obs.get("cand_standard_minutes");
        int filled = 0;
        for (int k = 0; k < lines.length; k++) {
            if (lines[k] > 0) {
                if (filled != k) {
                    return "slot " + k + " is filled after an empty slot";
                }
                if (k > 0 && toDue[k] < toDue[k - 1]) {
                    return "slot " + k + " is due before slot " + (k - 1);
                }
                filled++;
            } else if (toDue[k] != 0 || express[k] != 0 || standard[k] != 0 || margin[k] != 0) {
                return "empty slot " + k + " carries values";
            }
        }
        long releasable = (Long) obs.get("releasable_orders");
        return filled != Math.min(releasable, lines.length)
                ? filled + " candidate slots filled but " + releasable + " orders releasable" : null;
    }

    private static ParameterSpec spec() {
        ParameterSpec roster = ParameterSpec.builder()
                .number("from_hour", 0, 23.99, "UTC clock hour at which this staffing level starts")
                .integer("pickers", 0, 1000, "pickers rostered from then on")
                .build();
        ParameterSpec departure = ParameterSpec.builder()
                .text("carrier", "carrier or linehaul name, for documentation")
                .number("hour", 0, 23.99, "UTC clock hour of the departure: the cut-off for orders due on it")
                .build();
        ParameterSpec.Builder b = ParameterSpec.builder()
                .number("horizon_hours", 0.5, 168, "episode length, hours")
                .number("release_cycle_minutes", 0.5, 120, "a decision (release cycle) every this many minutes")
                .rate("orders.rate_per_hour", "mean order arrivals per hour at seasonality 1")
                .seasonality("orders.seasonality", "hour-of-day and day-of-week profile of arrivals")
                .distribution("orders.initial_backlog", 0, "orders already waiting when the episode starts")
                .number("orders.initial_backlog_span_hours", 0, 24, "how far back the waiting orders arrived")
                .number("orders.express_share", 0, 1, "share of orders with express service")
                .distribution("orders.lines_per_order", 1, "order lines per order, rounded and capped at 6")
                .distribution("orders.units_per_line", 1, "units per order line, rounded and capped at 7")
                .number("orders.express_lead_minutes", 0, 1440, "express orders are due at the first departure this long after arrival")
                .number("orders.standard_lead_minutes", 0, 1440, "standard orders are due at the first departure this long after arrival")
                .distribution("orders.backorder_patience_hours", 0, "how long a customer waits for a backordered line before cancelling")
                .categorical("sku.class_mix", "share of order lines per SKU class: exactly a, b, c")
                .distributionsBy("sku.unit_price", "sku.class_mix", 0, "selling price per unit by class, EUR")
                .distributionsBy("picking.travel_seconds", "sku.class_mix", 0, "walk to and from a line's location by class")
                .list("pickers.roster", roster, "staffing by clock hour; the entry in force at a time is the latest started")
                .distribution("picking.setup_seconds", 0, "per pick tour: take a tote, scan, drop at the conveyor")
                .distribution("picking.unit_seconds", 0, "per unit picked")
                .integer("picking.low_stock_units", 0, 100_000, "at or below this many units a location is nearly empty")
                .distribution("picking.low_stock_search_seconds", 0, "extra time per line picked from a nearly empty location")
                .number("picking.congestion_per_picker", 0, 1, "pick-time increase per other busy picker (aisle blocking)")
                .distribution("packing.minutes", 0, "conveyor and pack station time after the pick")
                .list("shipping.departures", departure, "daily carrier departures; an order ships on the first after it is packed")
                .number("replenishment.min_interval_minutes", 0, 1440, "receiving limit: one replenishment order per class per interval")
                .integer("replenishment.max_open_per_class", 1, 1000, "most replenishment orders open at once per class")
                .distribution("replenishment.standard_lead_minutes", 0, "lead time of a standard replenishment")
                .distribution("replenishment.expedite_lead_minutes", 0, "lead time of an expedited replenishment")
                .number("value.margin_rate", 0, 1, "contribution margin as a share of the basket value")
                .number("value.express_fee", 0, 1000, "express shipping fee earned per express order, EUR")
                .number("value.late_penalty_standard", 0, 10_000, "cost per departure a standard order misses, EUR")
                .number("value.late_penalty_express", 0, 10_000, "cost per departure an express order misses, EUR")
                .number("value.stockout_cost_per_line", 0, 10_000, "cost when a line is found without stock, EUR")
                .number("value.cancellation_cost", 0, 10_000, "cost of a cancelled order beyond the lost margin, EUR")
                .number("value.replenishment_order_cost", 0, 10_000, "fixed cost of any replenishment order, EUR")
                .number("value.expedite_premium", 0, 10_000, "extra cost of an expedited replenishment, EUR")
                .rareEvent("rare.wms_outage", "WMS outage: no releases; magnitude = pick-time multiplier on paper lists, >= 1")
                .rareEvent("rare.demand_surge", "flash sale or media spike; magnitude = arrival-rate multiplier");
        for (String c : WarehouseSettings.CLASS_NAMES) {
            String prefix = "sku." + c + ".";
            b.integer(prefix + "skus", 1, Order.MAX_SKUS, "SKUs in class " + c)
                    .integer(prefix + "lot_units", 1, 100_000, "units per replenishment order of a class " + c + " SKU")
                    .integer(prefix + "max_units", 1, 100_000, "location capacity of a class " + c + " SKU, units")
                    .distribution(prefix + "initial_fill", 0, "stock at the start as a share of capacity, per SKU")
                    .rate(prefix + "holding_cost_per_unit_hour", "holding cost per unit on hand per hour, EUR");
        }
        return b.build();
    }
}
