package io.mdpstream.sim.scenarios.warehouse;

import io.mdpstream.sim.params.Categorical;
import io.mdpstream.sim.params.Distribution;
import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.params.Seasonality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a warehouse episode, read once into fields; all but the arrival rate, which
 * domain randomisation draws per episode and the episode reads itself ({@link #PER_EPISODE}). So
 * the episodes of a run that randomises only that rate share one settings object (see
 * {@link WarehouseScenario}). Distributions are the shared, immutable objects of the parameter set.
 *
 * <p>Immutable (the arrays are never written after construction) and thread-safe.
 */
final class WarehouseSettings {

    static final List<String> CLASS_NAMES = List.of("a", "b", "c");
    /** Parameters these settings do not read. */
    static final Set<String> PER_EPISODE = Set.of("orders.rate_per_hour");

    final double horizonSeconds;
    // orders
    final Seasonality seasonality;
    final Distribution initialBacklog;
    final double backlogSpanSeconds;
    final double expressShare;
    final Distribution linesPerOrder;
    final Distribution unitsPerLine;
    final double expressLeadSeconds;
    final double standardLeadSeconds;
    final Distribution patienceHours;
    // catalogue
    final Categorical classMix;
    final Distribution[] unitPrice = new Distribution[Inventory.CLASSES];
    final int[] skusPerClass = new int[Inventory.CLASSES];
    final int[] lotUnits = new int[Inventory.CLASSES];
    final int[] maxUnits = new int[Inventory.CLASSES];
    final Distribution[] initialFill = new Distribution[Inventory.CLASSES];
    final double[] holdingPerUnitHour = new double[Inventory.CLASSES];
    // people and picking
    /** Shift starts (roster entries), as a calendar from midnight UTC: an episode moves it to its start. */
    final DailyCalendar shiftStarts;
    /** Pickers rostered from each shift start on. */
    final int[] rosterPickers;
    final Distribution setupSeconds;
    final Distribution[] travelSeconds = new Distribution[Inventory.CLASSES];
    final Distribution unitSeconds;
    final int lowStockUnits;
    final Distribution searchSeconds;
    final double congestionPerPicker;
    final Distribution packMinutes;
    // shipping
    /** Carrier departures, as a calendar from midnight UTC: an episode moves it to its start. */
    final DailyCalendar departureTimes;
    // decisions and replenishment
    final double releaseCycleSeconds;
    final double minIntervalSeconds;
    final int maxOpenPerClass;
    final Distribution standardLeadMinutes;
    final Distribution expediteLeadMinutes;
    // money
    final double marginRate;
    final double expressFee;
    final double latePenaltyStandard;
    final double latePenaltyExpress;
    final double stockoutPerLine;
    final double cancellation;
    final double orderCost;
    final double expeditePremium;

    WarehouseSettings(Parameters p) {
        horizonSeconds = p.number("horizon_hours") * 3600;
        seasonality = p.seasonality("orders.seasonality");
        initialBacklog = p.distribution("orders.initial_backlog");
        backlogSpanSeconds = p.number("orders.initial_backlog_span_hours") * 3600;
        expressShare = p.number("orders.express_share");
        linesPerOrder = p.distribution("orders.lines_per_order");
        unitsPerLine = p.distribution("orders.units_per_line");
        expressLeadSeconds = p.number("orders.express_lead_minutes") * 60;
        standardLeadSeconds = p.number("orders.standard_lead_minutes") * 60;
        patienceHours = p.distribution("orders.backorder_patience_hours");

        classMix = p.categorical("sku.class_mix");
        if (!classMix.names().equals(CLASS_NAMES)) {
            throw new ParameterException("sku.class_mix: needs exactly the classes " + CLASS_NAMES + " in that order, got "
                    + classMix.names());
        }
        Map<String, Distribution> prices = p.distributionsBy("sku.unit_price");
        Map<String, Distribution> travel = p.distributionsBy("picking.travel_seconds");
        int totalSkus = 0;
        for (int c = 0; c < Inventory.CLASSES; c++) {
            String name = CLASS_NAMES.get(c);
            unitPrice[c] = prices.get(name);
            travelSeconds[c] = travel.get(name);
            skusPerClass[c] = p.intValue("sku." + name + ".skus");
            lotUnits[c] = p.intValue("sku." + name + ".lot_units");
            maxUnits[c] = p.intValue("sku." + name + ".max_units");
            initialFill[c] = p.distribution("sku." + name + ".initial_fill");
            holdingPerUnitHour[c] = p.number("sku." + name + ".holding_cost_per_unit_hour");
            totalSkus += skusPerClass[c];
            if (lotUnits[c] > maxUnits[c]) {
                throw new ParameterException("sku." + name + ".lot_units: " + lotUnits[c] + " is more than max_units "
                        + maxUnits[c] + ", so no replenishment order could ever fit");
            }
        }
        if (totalSkus > Order.MAX_SKUS) {
            throw new ParameterException("sku: " + totalSkus + " SKUs in all, more than the " + Order.MAX_SKUS + " supported");
        }

        List<Parameters> roster = sortedByHour(p.list("pickers.roster"), "from_hour", "pickers.roster");
        shiftStarts = new DailyCalendar(roster.stream().mapToDouble(r -> r.number("from_hour")).toArray(), Instant.EPOCH);
        rosterPickers = roster.stream().mapToInt(r -> r.intValue("pickers")).toArray();
        setupSeconds = p.distribution("picking.setup_seconds");
        unitSeconds = p.distribution("picking.unit_seconds");
        lowStockUnits = p.intValue("picking.low_stock_units");
        searchSeconds = p.distribution("picking.low_stock_search_seconds");
        congestionPerPicker = p.number("picking.congestion_per_picker");
        packMinutes = p.distribution("packing.minutes");

        double[] departureHours = sortedByHour(p.list("shipping.departures"), "hour", "shipping.departures").stream()
                .mapToDouble(d -> d.number("hour")).toArray();
        departureTimes = new DailyCalendar(departureHours, Instant.EPOCH);

        releaseCycleSeconds = p.number("release_cycle_minutes") * 60;
        minIntervalSeconds = p.number("replenishment.min_interval_minutes") * 60;
        maxOpenPerClass = p.intValue("replenishment.max_open_per_class");
        standardLeadMinutes = p.distribution("replenishment.standard_lead_minutes");
        expediteLeadMinutes = p.distribution("replenishment.expedite_lead_minutes");

        marginRate = p.number("value.margin_rate");
        expressFee = p.number("value.express_fee");
        latePenaltyStandard = p.number("value.late_penalty_standard");
        latePenaltyExpress = p.number("value.late_penalty_express");
        stockoutPerLine = p.number("value.stockout_cost_per_line");
        cancellation = p.number("value.cancellation_cost");
        orderCost = p.number("value.replenishment_order_cost");
        expeditePremium = p.number("value.expedite_premium");
    }

    private static List<Parameters> sortedByHour(List<Parameters> entries, String key, String path) {
        if (entries.isEmpty()) {
            throw new ParameterException(path + ": needs at least one entry");
        }
        List<Parameters> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingDouble(e -> e.number(key)));
        for (int i = 1; i < sorted.size(); i++) {
            if (Math.round(sorted.get(i).number(key) * 3600) == Math.round(sorted.get(i - 1).number(key) * 3600)) {
                throw new ParameterException(path + ": two entries have " + key + " " + sorted.get(i).number(key));
            }
        }
        return sorted;
    }
}
