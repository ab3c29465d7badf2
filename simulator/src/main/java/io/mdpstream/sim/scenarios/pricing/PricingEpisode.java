package io.mdpstream.sim.scenarios.pricing;

import static io.mdpstream.sim.scenarios.pricing.DynamicPricingScenario.CATEGORIES;

import io.mdpstream.sim.kernel.EventHandle;
import io.mdpstream.sim.params.Categorical;
import io.mdpstream.sim.params.Distribution;
import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.params.RareEventSpec;
import io.mdpstream.sim.params.Seasonality;
import io.mdpstream.sim.spi.DesEpisode;
import io.mdpstream.sim.spi.EpisodeContext;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One selling season. Events: a review every {@code review_hours} (settles the period's profit and
 * asks for prices), visitor arrivals, competitor repricings, the second delivery, and the rare
 * events' starts and ends. Profit of a period is credited to the decision that set its prices.
 *
 * <p>Not thread-safe: one thread drives an episode.
 */
final class PricingEpisode extends DesEpisode {

    /** Exogenous bookkeeping names beyond the observation's fields. */
    static final String VISITS = "visits";
    static final String TRAFFIC_BOOST = "traffic_boost";

    private static final double SECONDS_PER_YEAR = 365 * 86400.0;
    private static final double MIN_REPRICE_SECONDS = 60;

    private static final String[] VISITS_NAMES = DynamicPricingScenario.elementNames(VISITS);
    private static final String[] BOOST_NAMES = DynamicPricingScenario.elementNames(TRAFFIC_BOOST);
    private static final String[] COMPETITOR_NAMES = DynamicPricingScenario.elementNames(DynamicPricingScenario.COMPETITOR_PRICE);
    private static final String[] ON_ORDER_NAMES = DynamicPricingScenario.elementNames(DynamicPricingScenario.ON_ORDER);
    private static final String[] VISITORS_NAMES = DynamicPricingScenario.elementNames(DynamicPricingScenario.VISITORS_LAST_PERIOD);

    // ---- parameters, read once ---------------------------------------------------------------
    private final double horizon;
    private final double reviewSeconds;
    private final double clearanceStart;
    private final String[] names;
    private final double[] share;
    private final double[] listPrice;
    private final double[] unitCost;
    private final ChoiceModel[] choice;
    private final Distribution[] extraUnits;
    private final double[] holdingPerUnitSecond;
    private final double salvageFraction;
    private final PriceLadder ladder;
    private final int[] floorLevel;
    private final int[] clearanceFloorLevel;
    private final double visitsPerHour;
    private final Seasonality seasonality;
    private final double competitorIndex;
    private final Distribution repriceInterval;
    private final double competitorNoise;
    private final double competitorMarkdown;
    private final double replenishmentFraction;
    private final double replenishmentDue;
    private final Distribution replenishmentDelayDays;
    private final boolean emitPurchases;
    private final int customerPool;

    // ---- one stream per stochastic process ---------------------------------------------------
    private final RandomGenerator arrivals;
    private final RandomGenerator shoppers;
    private final RandomGenerator competitor;
    private final RandomGenerator supplier;
    private final RandomGenerator virality;

    // ---- state ---------------------------------------------------------------------------------
    private final int[] level = new int[CATEGORIES];
    private final double[] price = new double[CATEGORIES];
    private final double[] competitorRegular = new double[CATEGORIES];
    private final double[] competitorPrice = new double[CATEGORIES];
    private final double[] buyProbability = new double[CATEGORIES];
    private final double[] boost = {1, 1, 1, 1};
    private final long[] stock = new long[CATEGORIES];
    private final long[] onOrder = new long[CATEGORIES];
    private final long[] supply = new long[CATEGORIES];
    private final long[] soldSeason = new long[CATEGORIES];
    private final long[] soldPeriod = new long[CATEGORIES];
    private final long[] visitorsPeriod = new long[CATEGORIES];
    private final long[] stockoutsPeriod = new long[CATEGORIES];
    private final long[] soldLastPeriod = new long[CATEGORIES];
    private final long[] visitorsLastPeriod = new long[CATEGORIES];
    private final long[] stockoutsLastPeriod = new long[CATEGORIES];
    private final long[] visits = new long[CATEGORIES];
    private final double[] stockSeconds = new double[CATEGORIES];
    private double holdingSince;
    private final ActiveEvents flashSales = new ActiveEvents();
    private final ActiveEvents viralSpikes = new ActiveEvents();
    private double periodRevenue;
    private double periodCostOfGoods;
    private EventHandle nextArrival;

    PricingEpisode(EpisodeContext context) {
        super(context, context.parameters().number("horizon_hours") * 3600);
        Parameters p = context.parameters();
        horizon = p.number("horizon_hours") * 3600;
        reviewSeconds = p.number("review_hours") * 3600;
        clearanceStart = horizon - p.number("price.clearance_days") * 86400;

        Categorical categories = p.categorical("catalog.traffic_share");
        List<String> categoryNames = categories.names();
        if (categoryNames.size() != CATEGORIES) {
            throw new ParameterException("catalog.traffic_share: needs exactly " + CATEGORIES
                    + " categories (the action and observation spaces hold one entry per category), got " + categoryNames);
        }
        names = categoryNames.toArray(new String[0]);
        share = new double[CATEGORIES];
        RandomGenerator catalog = random("catalog");
        listPrice = perCategory(p, "catalog.list_price", catalog);
        unitCost = perCategory(p, "catalog.unit_cost", catalog);
        double[] initialStock = perCategory(p, "catalog.initial_stock", catalog);
        double[] conversion = perCategory(p, "catalog.conversion_at_list", catalog);
        double[] sensitivity = perCategory(p, "catalog.price_sensitivity", catalog);
        Map<String, Distribution> extra = p.distributionsBy("catalog.extra_units_per_order");
        double loyalty = p.number("competitor.loyalty_advantage");
        double intent = p.number("traffic.purchase_intent");
        double holdingRate = p.number("costs.holding_rate_per_year");
        salvageFraction = p.number("costs.salvage_fraction");
        ladder = new PriceLadder(p.number("price.step_fraction"), p.intValue("price.list_level"));
        double floorOverCost = p.number("price.floor_over_cost");

        choice = new ChoiceModel[CATEGORIES];
        extraUnits = new Distribution[CATEGORIES];
        holdingPerUnitSecond = new double[CATEGORIES];
        floorLevel = new int[CATEGORIES];
        clearanceFloorLevel = new int[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            share[c] = categories.probability(c);
            try {
                choice[c] = ChoiceModel.calibrated(conversion[c], intent, sensitivity[c], loyalty);
            } catch (IllegalArgumentException e) {
                throw new ParameterException("catalog.conversion_at_list." + names[c] + ": " + e.getMessage(), e);
            }
            if (initialStock[c] > DynamicPricingScenario.MAX_UNITS / 10) {
                throw new ParameterException("catalog.initial_stock." + names[c] + ": must be <= "
                        + DynamicPricingScenario.MAX_UNITS / 10 + ", got " + initialStock[c]);
            }
            extraUnits[c] = extra.get(names[c]);
            holdingPerUnitSecond[c] = unitCost[c] * holdingRate / SECONDS_PER_YEAR;
            floorLevel[c] = ladder.lowestLevelAtLeast(listPrice[c], unitCost[c] * floorOverCost);
            clearanceFloorLevel[c] = ladder.lowestLevelAtLeast(listPrice[c], unitCost[c] * salvageFraction);
            stock[c] = Math.round(initialStock[c]);
        }
        visitsPerHour = p.number("traffic.visits_per_hour");
        seasonality = p.seasonality("traffic.seasonality");
        competitorIndex = p.number("competitor.price_index");
        repriceInterval = p.distribution("competitor.reprice_interval_hours");
        competitorNoise = p.number("competitor.price_noise");
        competitorMarkdown = p.number("competitor.season_markdown");
        replenishmentFraction = p.number("replenishment.fraction_of_initial");
        replenishmentDue = p.number("replenishment.due_day") * 86400;
        replenishmentDelayDays = p.distribution("replenishment.delay_days");
        emitPurchases = p.flag("purchases.emit");
        customerPool = p.intValue("purchases.customer_pool");

        arrivals = random("arrivals");
        shoppers = random("shoppers");
        competitor = random("competitor");
        supplier = random("supplier");
        virality = random("virality");
    }

    private double[] perCategory(Parameters p, String path, RandomGenerator catalog) {
        Map<String, Distribution> byCategory = p.distributionsBy(path);
        double[] values = new double[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            values[c] = byCategory.get(names[c]).sample(catalog);
        }
        return values;
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    protected void start() {
        // The first review comes first, so the first decision precedes every sale.
        simulation().schedule(0, this::review);
        for (int c = 0; c < CATEGORIES; c++) {
            level[c] = Math.max(ladder.listLevel(), floorLevel[c]);
            price[c] = ladder.price(listPrice[c], level[c]);
            onOrder[c] = Math.round(stock[c] * replenishmentFraction);
            supply[c] = stock[c] + onOrder[c];
            recordExogenous(ON_ORDER_NAMES[c], onOrder[c]);
            competitorRegular[c] = regularCompetitorPrice(c);
            refreshCompetitorPrice(c);
        }
        if (replenishmentFraction > 0) {
            double delay = Math.max(0, replenishmentDelayDays.sample(supplier)) * 86400;
            simulation().schedule(replenishmentDue + delay, this::deliver);
        }
        scheduleReprice();
        scheduleArrival();
    }

    private void review() {
        accrueHolding();
        if (currentStep() >= 0) {
            settlePeriod(false);
        }
        for (int c = 0; c < CATEGORIES; c++) {
            soldLastPeriod[c] = soldPeriod[c];
            visitorsLastPeriod[c] = visitorsPeriod[c];
            recordExogenous(VISITORS_NAMES[c], visitorsLastPeriod[c]);
            stockoutsLastPeriod[c] = stockoutsPeriod[c];
            soldPeriod[c] = 0;
            visitorsPeriod[c] = 0;
            stockoutsPeriod[c] = 0;
        }
        // A review exactly at the horizon would ask for prices nobody pays.
        if (now() + reviewSeconds < horizon) {
            simulation().scheduleAfter(reviewSeconds, this::review);
        }
        requestDecision();
    }

    private void scheduleArrival() {
        double rate = 0;
        for (int c = 0; c < CATEGORIES; c++) {
            rate += share[c] * boost[c];
        }
        double delay = nextArrivalDelay(visitsPerHour * rate, seasonality, arrivals);
        nextArrival = Double.isFinite(delay) ? simulation().scheduleCancellableAfter(delay, this::arrive) : null;
    }

    private void arrive() {
        int c = pickCategory();
        visits[c]++;
        visitorsPeriod[c]++;
        recordExogenous(VISITS_NAMES[c], visits[c]);
        // Every visitor draws the same numbers whatever the prices, so forks share them (common random numbers).
        double u = shoppers.nextDouble();
        long units = 1 + (long) Math.max(0, Math.floor(extraUnits[c].sample(shoppers)));
        int customer = shoppers.nextInt(customerPool);
        scheduleArrival();
        if (stock[c] == 0) {
            stockoutsPeriod[c]++;
        } else if (u < buyProbability[c]) {
            sell(c, Math.min(units, stock[c]), customer);
        }
    }

    private int pickCategory() {
        double total = 0;
        for (int c = 0; c < CATEGORIES; c++) {
            total += share[c] * boost[c];
        }
        double u = arrivals.nextDouble() * total;
        for (int c = 0; c < CATEGORIES - 1; c++) {
            u -= share[c] * boost[c];
            if (u < 0) {
                return c;
            }
        }
        return CATEGORIES - 1;
    }

    private void sell(int c, long units, int customer) {
        accrueHolding();
        stock[c] -= units;
        soldSeason[c] += units;
        soldPeriod[c] += units;
        double revenue = price[c] * units;
        periodRevenue += revenue;
        periodCostOfGoods += unitCost[c] * units;
        if (emitPurchases) {
            Map<String, Object> purchase = new LinkedHashMap<>(8);
            purchase.put("user_id", "u" + customer);
            purchase.put("category", names[c]);
            purchase.put("price", price[c]);
            purchase.put("quantity", units);
            purchase.put("timestamp", instant().toEpochMilli());
            purchase.put("total_revenue", revenue);
            emit("purchases", purchase);
        }
    }

    private void deliver() {
        accrueHolding();
        for (int c = 0; c < CATEGORIES; c++) {
            stock[c] += onOrder[c];
            onOrder[c] = 0;
            recordExogenous(ON_ORDER_NAMES[c], 0);
        }
    }

    private void scheduleReprice() {
        double hours = repriceInterval.sample(competitor);
        simulation().scheduleAfter(Math.max(MIN_REPRICE_SECONDS, hours * 3600), () -> {
            int c = competitor.nextInt(CATEGORIES);
            competitorRegular[c] = regularCompetitorPrice(c);
            refreshCompetitorPrice(c);
            scheduleReprice();
        });
    }

    /** The competitor's target falls through the season (its own markdown plan), with noise around it. */
    private double regularCompetitorPrice(int c) {
        double target = listPrice[c] * competitorIndex * (1 - competitorMarkdown * now() / horizon);
        return cents(target * Math.exp(competitorNoise * competitor.nextGaussian()));
    }

    private void refreshCompetitorPrice(int c) {
        competitorPrice[c] = cents(competitorRegular[c] * (1 - flashSales.largestDiscount()));
        recordExogenous(COMPETITOR_NAMES[c], competitorPrice[c]);
        refreshBuyProbability(c);
    }

    private void refreshBuyProbability(int c) {
        buyProbability[c] = choice[c].purchaseProbability(price[c], competitorPrice[c], listPrice[c]);
    }

    @Override
    protected void onRareEventStart(RareEventSpec event, double magnitude) {
        if (event.name().equals("rare.competitor_flash_sale")) {
            flashSales.add(-1, magnitude);
            onFlashSaleChange();
        } else if (event.name().equals("rare.viral_spike")) {
            int c = virality.nextInt(CATEGORIES);
            viralSpikes.add(c, magnitude);
            onViralChange(c);
        }
    }

    @Override
    protected void onRareEventEnd(RareEventSpec event, double magnitude) {
        if (event.name().equals("rare.competitor_flash_sale")) {
            flashSales.remove(magnitude);
            onFlashSaleChange();
        } else if (event.name().equals("rare.viral_spike")) {
            int c = viralSpikes.remove(magnitude);
            onViralChange(c);
        }
    }

    private void onFlashSaleChange() {
        recordExogenous(DynamicPricingScenario.COMPETITOR_PROMO, flashSales.isEmpty() ? 0 : 1);
        for (int c = 0; c < CATEGORIES; c++) {
            refreshCompetitorPrice(c);
        }
    }

    private void onViralChange(int c) {
        boost[c] = viralSpikes.combinedMultiplier(c);
        recordExogenous(BOOST_NAMES[c], boost[c]);
        // Poisson arrivals are memoryless: redrawing the next one at the new rate is exact.
        simulation().cancel(nextArrival);
        scheduleArrival();
    }

    // ---- decisions ----------------------------------------------------------------------------

    @Override
    protected Map<String, Object> observe() {
        Map<String, Object> obs = DynamicPricingScenario.OBSERVATION.newValue();
        long[] levels = new long[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            levels[c] = level[c];
        }
        double t = now();
        ZonedDateTime clock = instant().atZone(ZoneOffset.UTC);
        obs.put(DynamicPricingScenario.PRICE_LEVEL, levels);
        obs.put(DynamicPricingScenario.PRICE, price.clone());
        obs.put(DynamicPricingScenario.LIST_PRICE, listPrice.clone());
        obs.put(DynamicPricingScenario.UNIT_COST, unitCost.clone());
        obs.put(DynamicPricingScenario.COMPETITOR_PRICE, competitorPrice.clone());
        obs.put(DynamicPricingScenario.COMPETITOR_PROMO, flashSales.isEmpty() ? 0 : 1);
        obs.put(DynamicPricingScenario.STOCK, stock.clone());
        obs.put(DynamicPricingScenario.ON_ORDER, onOrder.clone());
        obs.put(DynamicPricingScenario.SEASON_SUPPLY, supply.clone());
        obs.put(DynamicPricingScenario.UNITS_SOLD_SEASON, soldSeason.clone());
        obs.put(DynamicPricingScenario.UNITS_SOLD_LAST_PERIOD, soldLastPeriod.clone());
        obs.put(DynamicPricingScenario.VISITORS_LAST_PERIOD, visitorsLastPeriod.clone());
        obs.put(DynamicPricingScenario.STOCKOUT_VISITORS_LAST_PERIOD, stockoutsLastPeriod.clone());
        obs.put(DynamicPricingScenario.SEASON_PROGRESS, Math.min(1, t / horizon));
        obs.put(DynamicPricingScenario.HOURS_LEFT, Math.max(0, horizon - t) / 3600);
        obs.put(DynamicPricingScenario.IN_CLEARANCE, inClearance() ? 1 : 0);
        obs.put(DynamicPricingScenario.HOUR_OF_DAY, clock.getHour());
        obs.put(DynamicPricingScenario.DAY_OF_WEEK, clock.getDayOfWeek().getValue() - 1);
        return obs;
    }

    private boolean inClearance() {
        return now() >= clearanceStart;
    }

    @Override
    protected boolean[] actionMask() {
        boolean[] mask = new boolean[CATEGORIES * PriceLadder.LEVELS];
        boolean clearance = inClearance();
        for (int c = 0; c < CATEGORIES; c++) {
            PriceLadder.allowedMoves(level[c], clearance ? clearanceFloorLevel[c] : floorLevel[c], !clearance, mask,
                    c * PriceLadder.LEVELS);
        }
        return mask;
    }

    @Override
    protected void act(Object action) {
        int[] target = (int[]) action;
        for (int c = 0; c < CATEGORIES; c++) {
            if (target[c] != level[c]) {
                level[c] = target[c];
                price[c] = ladder.price(listPrice[c], level[c]);
                refreshBuyProbability(c);
            }
        }
    }

    // ---- money ---------------------------------------------------------------------------------

    /** Adds the unit-seconds held since the last stock change; called before every change of stock. */
    private void accrueHolding() {
        double elapsed = now() - holdingSince;
        for (int c = 0; c < CATEGORIES; c++) {
            stockSeconds[c] += stock[c] * elapsed;
        }
        holdingSince = now();
    }

    /**
     * Credits the period's profit to the decision that priced it; at the season's end also the
     * liquidation of what is left, so that every unit bought is costed exactly once: sold units
     * through the cost of goods, leftovers through their cost against their salvage value.
     */
    private void settlePeriod(boolean seasonEnd) {
        double holding = 0;
        for (int c = 0; c < CATEGORIES; c++) {
            holding += stockSeconds[c] * holdingPerUnitSecond[c];
            stockSeconds[c] = 0;
        }
        Map<String, Double> components = new LinkedHashMap<>(8);
        components.put("revenue", periodRevenue);
        components.put("cost_of_goods", -periodCostOfGoods);
        components.put("holding_cost", -holding);
        if (seasonEnd) {
            double leftoverCost = 0;
            for (int c = 0; c < CATEGORIES; c++) {
                leftoverCost += (stock[c] + onOrder[c]) * unitCost[c];
            }
            components.put("salvage_value", leftoverCost * salvageFraction);
            components.put("leftover_cost", -leftoverCost);
        }
        double value = 0;
        for (double component : components.values()) {
            value += component;
        }
        periodRevenue = 0;
        periodCostOfGoods = 0;
        reward(currentStep(), value, components);
    }

    @Override
    protected void onHorizon() {
        if (currentStep() >= 0) {
            accrueHolding();
            settlePeriod(true);
        }
    }

    private static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
