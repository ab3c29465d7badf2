package io.mdpstream.sim.scenarios.warehouse;

import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.CANDIDATES;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.EXPEDITE;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.NONE;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.REPLENISH_CHOICES;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.releaseMaskIndex;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.replenishMaskIndex;

import io.mdpstream.sim.kernel.EventHandle;
import io.mdpstream.sim.params.RareEventSpec;
import io.mdpstream.sim.spi.DesEpisode;
import io.mdpstream.sim.spi.EpisodeContext;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One day of a fulfilment centre's pick module. Orders arrive (seasonal Poisson, plus the overnight
 * backlog at the start), each due at a carrier departure, and reserve stock line by line as they
 * arrive; lines without stock are backordered, filled first-come first-served when replenishment
 * arrives, and cancelled if the customer runs out of patience first.
 *
 * <p>Every release cycle the policy chooses which of the most urgent releasable orders go into the
 * pick queue, and whether to replenish each SKU class's most depleted SKU. Free pickers take queued
 * orders first-in first-out; a tour takes longer with more pickers in the aisles and at nearly empty
 * locations. Packed orders ship at the next departure; unfinished orders due on it are late.
 *
 * <p>Not thread-safe: one thread drives an episode.
 */
final class WarehouseEpisode extends DesEpisode {

    static final String SURGE = "rare.demand_surge";
    static final String OUTAGE = "rare.wms_outage";

    private final WarehouseSettings s;
    /** Mean order arrivals per hour at seasonality 1: drawn per episode, so not in the shared settings. */
    private final double ratePerHour;
    /** Expected units demanded per hour of one SKU of each class, at seasonality 1: the planner's forecast. */
    private final double[] forecastPerSkuHour = new double[Inventory.CLASSES];
    private final DailyCalendar departures;
    private final DailyCalendar shifts;
    private final Inventory inventory;
    /** Orders not yet released, in arrival order (backorders fill first-come first-served). */
    private final OpenOrders open;
    /** Released orders waiting for a picker, in release order; usually a few (it grows when needed). */
    private final ArrayDeque<Order> queue = new ArrayDeque<>(4);
    /** Orders being picked or packed. */
    private final List<Order> inProcess = new ArrayList<>();
    private final ShippingDock dock = new ShippingDock();
    /** Positions in {@link #open} of the most urgent releasable orders, most urgent first. */
    private final int[] candidates = new int[CANDIDATES];
    private int candidateCount;
    private final int[] backorderedLines = new int[Inventory.CLASSES];
    private int rostered;
    private int busy;
    private List<Double> surges;
    private double surgeMultiplier = 1;
    private List<Double> outages;
    private double outageSlowdown = 1;
    private EventHandle nextArrival;
    private long ordersArrived;
    private long expressArrived;
    private long linesOrdered;
    private double holdingAccrued;
    private double lastAccrual;

    /**
     * @param settings what the episode's parameters say, apart from those in {@link WarehouseSettings#PER_EPISODE}
     */
    WarehouseEpisode(EpisodeContext context, WarehouseSettings settings) {
        super(context, context.parameters().number("horizon_hours") * 3600);
        s = settings;
        ratePerHour = context.parameters().number("orders.rate_per_hour");
        double linesPerHour = ratePerHour * s.linesPerOrder.mean();
        for (int c = 0; c < Inventory.CLASSES; c++) {
            forecastPerSkuHour[c] = linesPerHour * s.classMix.probability(c) * s.unitsPerLine.mean() / s.skusPerClass[c];
        }
        departures = s.departureTimes.startingAt(context.start());
        shifts = s.shiftStarts.startingAt(context.start());
        open = new OpenOrders(departures);
        inventory = new Inventory(s.skusPerClass);
    }

    // ---- world events ------------------------------------------------------------------------

    @Override
    protected void start() {
        RandomGenerator stock = randomOnce("initial_stock");
        for (int sku = 0; sku < inventory.skus(); sku++) {
            int c = inventory.classOf(sku);
            double fill = Math.min(1, Math.max(0, s.initialFill[c].sample(stock)));
            inventory.put(sku, (int) Math.round(fill * s.maxUnits[c]));
        }
        rostered = s.rosterPickers[shifts.indexInForce(0)];
        recordExogenous("pickers_rostered", rostered);
        RandomGenerator backlog = randomOnce("backlog");
        int overnight = (int) Math.round(Math.max(0, s.initialBacklog.sample(backlog)));
        double[] arrivals = new double[overnight];
        for (int i = 0; i < overnight; i++) {
            arrivals[i] = -s.backlogSpanSeconds * backlog.nextDouble();
        }
        Arrays.sort(arrivals);
        open.reserve(overnight);
        for (double arrival : arrivals) {
            orderArrives(backlog, arrival);
        }
        recordArrivals();
        scheduleArrival();
        simulation().schedule(departures.nextAtOrAfter(0), this::departure);
        simulation().schedule(shifts.nextAtOrAfter(1), this::shiftChange);
        // Release cycles run on the clock, whatever the policy does: decision times never depend on actions.
        simulation().scheduleAfter(0, this::releaseCycle);
    }

    private void releaseCycle() {
        requestDecision();
        simulation().scheduleAfter(s.releaseCycleSeconds, this::releaseCycle);
    }

    private void scheduleArrival() {
        double delay = nextArrivalDelay(ratePerHour * surgeMultiplier, s.seasonality, random("arrivals"));
        nextArrival = Double.isFinite(delay) ? simulation().scheduleCancellableAfter(delay, this::arrive) : null;
    }

    private void arrive() {
        orderArrives(random("orders"), now());
        recordArrivals();
        scheduleArrival();
    }

    /** An order with its content drawn from {@code g} arrives, due at the first departure after its lead time. */
    private void orderArrives(RandomGenerator g, double arrival) {
        boolean express = g.nextDouble() < s.expressShare;
        int lines = clamp((int) Math.round(s.linesPerOrder.sample(g)), 1, Order.MAX_LINES);
        double basket = 0;
        long packed = 0;
        byte packedHigh = 0;
        for (int i = 0; i < lines; i++) {
            int c = s.classMix.sampleIndex(g);
            int sku = inventory.firstSku(c) + g.nextInt(inventory.skuCount(c));
            int units = clamp((int) Math.round(s.unitsPerLine.sample(g)), 1, Order.MAX_UNITS);
            basket += units * Math.max(0, s.unitPrice[c].sample(g));
            packed = Order.withLine(packed, i, sku, units);
            packedHigh = Order.withLineHigh(packedHigh, i, sku);
        }
        double lead = express ? s.expressLeadSeconds : s.standardLeadSeconds;
        long departure = departures.occurrenceAtOrAfter(Math.max(arrival + lead, 1));
        double margin = s.marginRate * basket + (express ? s.expressFee : 0);
        ordersArrived++;
        expressArrived += express ? 1 : 0;
        linesOrdered += lines;
        admit(arrival, departure, express, margin, packed, packedHigh, lines);
    }

    private void recordArrivals() {
        recordExogenous("orders_arrived", ordersArrived);
        recordExogenous("express_orders_arrived", expressArrived);
        recordExogenous("lines_ordered", linesOrdered);
    }

    /** Opens an order and reserves its stock; lines without stock are backordered and the customer's patience starts. */
    private void admit(double arrival, long departure, boolean express, double margin, long lines, byte linesHigh,
            int lineCount) {
        int shortLines = 0;
        int backordered = 0;
        for (int line = 0; line < lineCount; line++) {
            int sku = Order.sku(lines, linesHigh, line);
            int units = Order.units(lines, line);
            if (!inventory.reserve(sku, units)) {
                backordered |= 1 << line;
                inventory.owe(sku, units);
                backorderedLines[inventory.classOf(sku)]++;
                shortLines++;
            }
        }
        int number = open.add(arrival, departure, express, margin, lines, linesHigh, lineCount, backordered);
        if (shortLines > 0) {
            double hours = Math.max(0, s.patienceHours.sample(random("patience")));
            // Not withdrawn when the lines are filled in time: the customer then finds nothing to cancel.
            simulation().scheduleAfter(hours * 3600, () -> customerCancels(number));
            if (currentStep() >= 0) {
                // The replenishment decisions up to now let the shelf run empty.
                double cost = -shortLines * s.stockoutPerLine;
                reward(currentStep(), cost, Map.of("stockout_cost", cost));
            }
        }
    }

    /** Reserves newly available units of {@code sku} for backordered lines, oldest order first. */
    private void fillBackorders(int sku) {
        for (int order = 0; order < open.size(); order++) {
            if (inventory.available(sku) == 0) {
                return;
            }
            if (!open.backordered(order)) {
                continue;
            }
            for (int line = 0; line < open.lineCount(order); line++) {
                int units = open.units(order, line);
                if (open.backordered(order, line) && open.sku(order, line) == sku && inventory.reserve(sku, units)) {
                    open.markFilled(order, line);
                    inventory.settle(sku, units);
                    backorderedLines[inventory.classOf(sku)]--;
                }
            }
        }
    }

    /**
     * The customer's patience with order {@code number} runs out: if it still waits for stock, they
     * cancel it, and its reserved units go to other backorders.
     */
    private void customerCancels(int number) {
        int order = open.indexOf(number);
        if (order < 0) {
            return; // every line filled in the meantime (and maybe released)
        }
        long lines = open.lines(order);
        byte linesHigh = open.linesHigh(order);
        int lineCount = open.lineCount(order);
        int waiting = open.backorderedLines(order);
        open.remove(order);
        for (int line = 0; line < lineCount; line++) {
            int sku = Order.sku(lines, linesHigh, line);
            if ((waiting & (1 << line)) != 0) {
                inventory.settle(sku, Order.units(lines, line));
                backorderedLines[inventory.classOf(sku)]--;
            } else {
                inventory.unreserve(sku, Order.units(lines, line));
            }
        }
        for (int line = 0; line < lineCount; line++) {
            if ((waiting & (1 << line)) == 0) {
                fillBackorders(Order.sku(lines, linesHigh, line));
            }
        }
        // Never released: the decisions that let the shelf run empty are the recent ones.
        if (currentStep() >= 0) {
            reward(currentStep(), -s.cancellation, Map.of("cancellation_cost", -s.cancellation));
        }
    }

    /** Free pickers take queued orders, first released first. */
    private void dispatch() {
        while (busy < rostered && !queue.isEmpty()) {
            startPick(queue.poll());
        }
    }

    /** A picker takes an order's reserved units off the shelves. */
    private void startPick(Order order) {
        inProcess.add(order);
        busy++;
        accrueHolding();
        RandomGenerator g = random("picking");
        double seconds = s.setupSeconds.sample(g);
        for (int line = 0; line < order.lineCount; line++) {
            int sku = order.sku(line);
            int units = order.units(line);
            boolean nearlyEmpty = inventory.onHand(sku) <= s.lowStockUnits;
            inventory.pick(sku, units);
            seconds += s.travelSeconds[inventory.classOf(sku)].sample(g) + s.unitSeconds.sample(g) * units
                    + (nearlyEmpty ? s.searchSeconds.sample(g) : 0);
        }
        // Pickers block each other in the aisles: every other active picker slows this tour.
        seconds *= (1 + s.congestionPerPicker * (busy - 1)) * outageSlowdown;
        simulation().scheduleAfter(seconds, order); // it calls finishPick
    }

    /** The pick tour of {@code order} ends; packing starts. */
    void finishPick(Order order) {
        busy--;
        double minutes = Math.max(0, s.packMinutes.sample(random("packing")));
        simulation().scheduleAfter(minutes * 60, order); // it calls packed
        dispatch();
    }

    /** {@code order} is packed and waits on the dock for its departure. */
    void packed(Order order) {
        inProcess.remove(order);
        dock.add(order.releaseStep, order.margin);
    }

    /** A carrier leaves: packed orders ship, unfinished orders due by now are late (again). */
    private void departure() {
        realiseHolding();
        shipDock();
        double neverReleased = 0;
        for (int order = 0; order < open.size(); order++) {
            if (open.due(order) <= now()) {
                neverReleased -= latePenalty(open.express(order));
            }
        }
        for (Order order : queue) {
            if (order.due <= now()) {
                rewardOrder(order, -latePenalty(order.express), "late_penalty");
            }
        }
        for (Order order : inProcess) {
            if (order.due <= now()) {
                rewardOrder(order, -latePenalty(order.express), "late_penalty");
            }
        }
        if (neverReleased < 0 && currentStep() >= 0) {
            // Orders nobody released yet: the decisions that left them waiting are the recent ones.
            reward(currentStep(), neverReleased, Map.of("late_penalty", neverReleased));
        }
        simulation().schedule(departures.nextAtOrAfter(now() + 1), this::departure);
    }

    private double latePenalty(boolean express) {
        return express ? s.latePenaltyExpress : s.latePenaltyStandard;
    }

    private void shiftChange() {
        rostered = s.rosterPickers[shifts.indexInForce(now())];
        recordExogenous("pickers_rostered", rostered);
        dispatch();
        simulation().schedule(shifts.nextAtOrAfter(now() + 1), this::shiftChange);
    }

    private void received(int sku, int units) {
        accrueHolding();
        inventory.received(sku, units);
        fillBackorders(sku);
    }

    @Override
    protected void onHorizon() {
        realiseHolding();
        // Packed orders leave with the next departure whatever happens; book them now.
        shipDock();
    }

    /** Revenue of everything on the dock, credited to the decisions that released it. */
    private void shipDock() {
        for (int i = 0; i < dock.entries(); i++) {
            reward(dock.step(i), dock.margin(i), Map.of("revenue", dock.margin(i)));
        }
        dock.clear();
    }

    @Override
    protected void onRareEventStart(RareEventSpec event, double magnitude) {
        if (event.name().equals(SURGE)) {
            surges = surges == null ? new ArrayList<>(2) : surges;
            surges.add(Math.max(0, magnitude));
            surgeChanged();
        } else if (event.name().equals(OUTAGE)) {
            outages = outages == null ? new ArrayList<>(2) : outages;
            outages.add(Math.max(1, magnitude));
            outageChanged();
        }
    }

    @Override
    protected void onRareEventEnd(RareEventSpec event, double magnitude) {
        if (event.name().equals(SURGE)) {
            surges.remove(Math.max(0, magnitude));
            surgeChanged();
        } else if (event.name().equals(OUTAGE)) {
            outages.remove(Math.max(1, magnitude));
            outageChanged();
        }
    }

    private void surgeChanged() {
        double multiplier = 1;
        for (double m : surges) {
            multiplier *= m;
        }
        surgeMultiplier = multiplier;
        recordExogenous("demand_surge_multiplier", multiplier);
        // Poisson arrivals are memoryless: redrawing the next one at the new rate is exact.
        simulation().cancel(nextArrival);
        scheduleArrival();
    }

    private void outageChanged() {
        double slowdown = 1;
        for (double m : outages) {
            slowdown = Math.max(slowdown, m);
        }
        outageSlowdown = slowdown;
        recordExogenous("wms_outage_slowdown", slowdown);
    }

    private boolean wmsDown() {
        return outages != null && !outages.isEmpty();
    }

    // ---- decisions ---------------------------------------------------------------------------

    @Override
    protected boolean[] actionMask() {
        refreshCandidates();
        boolean[] mask = new boolean[WarehouseSpaces.ACTION.maskLength()];
        boolean canRelease = !wmsDown();
        for (int k = 0; k < CANDIDATES; k++) {
            mask[releaseMaskIndex(k, false)] = true;
            mask[releaseMaskIndex(k, true)] = canRelease && k < candidateCount;
        }
        for (int c = 0; c < Inventory.CLASSES; c++) {
            mask[replenishMaskIndex(c, NONE)] = true;
            boolean allowed = canReplenish(c);
            for (int choice = NONE + 1; choice < REPLENISH_CHOICES; choice++) {
                mask[replenishMaskIndex(c, choice)] = allowed;
            }
        }
        return mask;
    }

    /** Receiving and storage limits: few open orders per class, one per interval, and room for a lot. */
    private boolean canReplenish(int c) {
        return inventory.openReplenishments(c) < s.maxOpenPerClass
                && now() - inventory.lastReplenishment(c) >= s.minIntervalSeconds
                && inventory.position(inventory.mostDepleted(c)) + s.lotUnits[c] <= s.maxUnits[c];
    }

    @Override
    protected void act(Object action) {
        Map<?, ?> choice = (Map<?, ?>) action;
        int[] replenish = (int[]) choice.get(WarehouseSpaces.REPLENISH);
        for (int c = 0; c < Inventory.CLASSES; c++) {
            if (replenish[c] != NONE) {
                replenish(c, replenish[c] == EXPEDITE);
            }
        }
        int[] release = (int[]) choice.get(WarehouseSpaces.RELEASE);
        int[] leaving = new int[CANDIDATES];
        int count = 0;
        for (int k = 0; k < CANDIDATES; k++) {
            if (release[k] == 1) {
                queue.add(open.released(candidates[k], currentStep(), this));
                leaving[count++] = candidates[k];
            }
        }
        // Last position first, so that the positions still to remove stay where they were.
        Arrays.sort(leaving, 0, count);
        for (int i = count - 1; i >= 0; i--) {
            open.remove(leaving[i]);
        }
        dispatch();
    }

    private void replenish(int c, boolean expedite) {
        int sku = inventory.mostDepleted(c);
        int lot = s.lotUnits[c];
        inventory.ordered(sku, lot, now());
        double minutes = Math.max(0, (expedite ? s.expediteLeadMinutes : s.standardLeadMinutes).sample(random("replenishment")));
        simulation().scheduleAfter(minutes * 60, () -> received(sku, lot));
        Map<String, Double> components = new LinkedHashMap<>(2);
        components.put("replenishment_cost", -s.orderCost);
        if (expedite) {
            components.put("expedite_premium", -s.expeditePremium);
        }
        reward(currentStep(), -s.orderCost - (expedite ? s.expeditePremium : 0), components);
    }

    /** The most urgent releasable orders: earliest due, then earliest arrival. */
    private void refreshCandidates() {
        candidateCount = 0;
        for (int order = 0; order < open.size(); order++) {
            if (open.backordered(order)) {
                continue;
            }
            int at = candidateCount;
            while (at > 0 && before(order, candidates[at - 1])) {
                at--;
            }
            if (at >= CANDIDATES) {
                continue;
            }
            int end = Math.min(candidateCount, CANDIDATES - 1);
            System.arraycopy(candidates, at, candidates, at + 1, end - at);
            candidates[at] = order;
            candidateCount = Math.min(candidateCount + 1, CANDIDATES);
        }
        Arrays.fill(candidates, candidateCount, CANDIDATES, -1);
    }

    /** Whether open order {@code a} is more urgent than open order {@code b}. */
    private boolean before(int a, int b) {
        // Departure numbers order as the due times do (the calendar's times strictly increase), and cost no arithmetic.
        int dueA = open.departure(a);
        int dueB = open.departure(b);
        return dueA < dueB || dueA == dueB && open.arrival(a) < open.arrival(b);
    }

    @Override
    protected Map<String, Object> observe() {
        refreshCandidates();
        double now = now();
        ZonedDateTime clock = instant().atZone(ZoneOffset.UTC);
        double nextDeparture = departures.nextAtOrAfter(now);
        long express = 0;
        long late = 0;
        long backordered = 0;
        long dueSoon = 0;
        double oldest = 0;
        for (int order = 0; order < open.size(); order++) {
            express += open.express(order) ? 1 : 0;
            late += open.due(order) <= now ? 1 : 0;
            backordered += open.backordered(order) ? 1 : 0;
            dueSoon += open.due(order) <= nextDeparture ? 1 : 0;
            oldest = Math.max(oldest, now - open.arrival(order));
        }
        double queuedMinutes = 0;
        for (Order order : queue) {
            dueSoon += order.due <= nextDeparture ? 1 : 0;
            queuedMinutes += standardMinutes(order.lines, order.linesHigh, order.lineCount);
        }
        for (Order order : inProcess) {
            dueSoon += order.due <= nextDeparture ? 1 : 0;
        }
        long[] stockouts = new long[Inventory.CLASSES];
        long[] backLines = new long[Inventory.CLASSES];
        long[] available = new long[Inventory.CLASSES];
        long[] inbound = new long[Inventory.CLASSES];
        double[] cover = new double[Inventory.CLASSES];
        long[] openReplenishments = new long[Inventory.CLASSES];
        for (int c = 0; c < Inventory.CLASSES; c++) {
            int target = inventory.mostDepleted(c);
            stockouts[c] = inventory.stockouts(c);
            backLines[c] = backorderedLines[c];
            available[c] = inventory.available(target);
            inbound[c] = inventory.inbound(target);
            double forecast = forecastPerSkuHour[c];
            cover[c] = forecast > 0 ? Math.min(WarehouseSpaces.MAX_COVER_HOURS, Math.max(0, inventory.position(target)) / forecast)
                    : WarehouseSpaces.MAX_COVER_HOURS;
            openReplenishments[c] = inventory.openReplenishments(c);
        }
        double[] toDue = new double[CANDIDATES];
        long[] lines = new long[CANDIDATES];
        long[] candidateExpress = new long[CANDIDATES];
        double[] standard = new double[CANDIDATES];
        double[] margin = new double[CANDIDATES];
        for (int k = 0; k < candidateCount; k++) {
            int order = candidates[k];
            toDue[k] = Math.max(-WarehouseSpaces.DUE_BOUND_MINUTES, Math.min(WarehouseSpaces.DUE_BOUND_MINUTES,
                    (open.due(order) - now) / 60));
            lines[k] = open.lineCount(order);
            candidateExpress[k] = open.express(order) ? 1 : 0;
            standard[k] = Math.min(WarehouseSpaces.MAX_STANDARD_MINUTES,
                    standardMinutes(open.lines(order), open.linesHigh(order), open.lineCount(order)));
            margin[k] = Math.min(WarehouseSpaces.MAX_MARGIN, open.margin(order));
        }
        Map<String, Object> obs = WarehouseSpaces.OBSERVATION.newValue();
        obs.put("hour_of_day", clock.getHour());
        obs.put("day_of_week", clock.getDayOfWeek().getValue() - 1);
        obs.put("minutes_to_next_departure", Math.min(1440, (nextDeparture - now) / 60));
        obs.put("pickers_on_floor", (long) Math.max(rostered, busy));
        obs.put("pickers_busy", (long) busy);
        obs.put("wms_outage", wmsDown() ? 1L : 0L);
        obs.put("demand_surge", surgeMultiplier != 1 ? 1L : 0L);
        obs.put("open_orders", (long) open.size());
        obs.put("open_express", express);
        obs.put("open_late", late);
        obs.put("open_backordered", backordered);
        obs.put("releasable_orders", open.size() - backordered);
        obs.put("queued_orders", (long) queue.size());
        obs.put("queued_work_minutes", Math.min(WarehouseSpaces.MAX_QUEUED_MINUTES, queuedMinutes));
        obs.put("due_by_next_departure", dueSoon);
        obs.put("oldest_open_minutes", oldest / 60);
        obs.put("ready_to_ship", (long) dock.orders());
        obs.put("sku_stockouts", stockouts);
        obs.put("backordered_lines", backLines);
        obs.put("target_available", available);
        obs.put("target_inbound", inbound);
        obs.put("target_cover_hours", cover);
        obs.put("open_replenishments", openReplenishments);
        obs.put("cand_minutes_to_due", toDue);
        obs.put("cand_lines", lines);
        obs.put("cand_express", candidateExpress);
        obs.put("cand_standard_minutes", standard);
        obs.put("cand_margin", margin);
        return obs;
    }

    /** The engineered standard time of a pick tour: means of its time components, before congestion. */
    private double standardMinutes(long lines, byte linesHigh, int lineCount) {
        double seconds = s.setupSeconds.mean();
        for (int line = 0; line < lineCount; line++) {
            int sku = Order.sku(lines, linesHigh, line);
            seconds += s.travelSeconds[inventory.classOf(sku)].mean() + s.unitSeconds.mean() * Order.units(lines, line)
                    + (inventory.onHand(sku) <= s.lowStockUnits ? s.searchSeconds.mean() : 0);
        }
        return seconds / 60;
    }

    // ---- rewards -------------------------------------------------------------------------------

    /** A reward about a released order, credited to the decision that released it. */
    private void rewardOrder(Order order, double value, String component) {
        reward(order.releaseStep, value, Map.of(component, value));
    }

    private void accrueHolding() {
        holdingAccrued += inventory.holdingPerHour(s.holdingPerUnitHour) * (now() - lastAccrual) / 3600;
        lastAccrual = now();
    }

    private void realiseHolding() {
        accrueHolding();
        if (holdingAccrued > 0 && currentStep() >= 0) {
            reward(currentStep(), -holdingAccrued, Map.of("holding_cost", -holdingAccrued));
            holdingAccrued = 0;
        }
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
