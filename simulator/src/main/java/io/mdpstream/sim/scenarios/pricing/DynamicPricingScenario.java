package io.mdpstream.sim.scenarios.pricing;

import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.MultiDiscrete;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.space.Text;
import io.mdpstream.sim.spi.CausalModel;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dynamic pricing for an online retailer over one selling season. Visitors arrive at four category
 * pages (a seasonal Poisson stream) and buy, go to the competitor or leave, following a logit choice
 * that falls with our price relative to the list price and to the competitor's price. Stock is
 * bought before the season, with one committed second delivery that may come late; what is left at
 * the end goes to a liquidator. Every few hours the retailer moves each category's price one rung of
 * a price ladder at most; markdowns below a margin floor are refused outside the closing clearance,
 * and the clearance only marks down, to salvage value at most. The competitor reprices on its own and sometimes runs a site-wide flash
 * sale; a category sometimes goes viral.
 *
 * <p>Immutable and thread-safe; the state of a run lives in its episodes.
 */
public final class DynamicPricingScenario implements Scenario {

    /** Categories priced at each decision; fixed because the spaces are. */
    public static final int CATEGORIES = 4;

    static final String PRICE_LEVEL = "price_level";
    static final String PRICE = "price";
    static final String LIST_PRICE = "list_price";
    static final String UNIT_COST = "unit_cost";
    static final String COMPETITOR_PRICE = "competitor_price";
    static final String COMPETITOR_PROMO = "competitor_promo";
    static final String STOCK = "stock";
    static final String ON_ORDER = "on_order";
    static final String SEASON_SUPPLY = "season_supply";
    static final String UNITS_SOLD_SEASON = "units_sold_season";
    static final String UNITS_SOLD_LAST_PERIOD = "units_sold_last_period";
    static final String VISITORS_LAST_PERIOD = "visitors_last_period";
    static final String STOCKOUT_VISITORS_LAST_PERIOD = "stockout_visitors_last_period";
    static final String SEASON_PROGRESS = "season_progress";
    static final String HOURS_LEFT = "hours_left";
    static final String IN_CLEARANCE = "in_clearance";
    static final String HOUR_OF_DAY = "hour_of_day";
    static final String DAY_OF_WEEK = "day_of_week";

    /** Longest season the spaces allow, in hours (a quarter). */
    static final double MAX_HORIZON_HOURS = 92 * 24;
    /** Largest unit count the spaces allow; initial stock is refused above a tenth of it. */
    static final long MAX_UNITS = 10_000_000;
    static final long MAX_VISITORS = 1_000_000_000_000L;

    static final Dict OBSERVATION = Dict.builder()
            .add(PRICE_LEVEL, Box.integerVector(CATEGORIES, 0, PriceLadder.LEVELS - 1), "current rung of each category's price ladder")
            .add(PRICE, Box.vector(CATEGORIES, 0, Double.POSITIVE_INFINITY), "our shelf price per unit, currency")
            .add(LIST_PRICE, Box.vector(CATEGORIES, 0, Double.POSITIVE_INFINITY), "list (reference) price per unit, currency")
            .add(UNIT_COST, Box.vector(CATEGORIES, 0, Double.POSITIVE_INFINITY), "landed cost per unit, currency")
            .add(COMPETITOR_PRICE, Box.vector(CATEGORIES, 0, Double.POSITIVE_INFINITY), "competitor's price now (scraped), currency")
            .add(COMPETITOR_PROMO, new Discrete(2), "1 while the competitor runs a site-wide flash sale")
            .add(STOCK, Box.integerVector(CATEGORIES, 0, MAX_UNITS), "units on hand")
            .add(ON_ORDER, Box.integerVector(CATEGORIES, 0, MAX_UNITS), "units of the committed second delivery not yet received")
            .add(SEASON_SUPPLY, Box.integerVector(CATEGORIES, 0, MAX_UNITS), "units bought for the season: initial stock plus the second delivery")
            .add(UNITS_SOLD_SEASON, Box.integerVector(CATEGORIES, 0, MAX_UNITS), "units sold since the season started")
            .add(UNITS_SOLD_LAST_PERIOD, Box.integerVector(CATEGORIES, 0, MAX_UNITS), "units sold since the previous decision")
            .add(VISITORS_LAST_PERIOD, Box.integerVector(CATEGORIES, 0, MAX_VISITORS), "category page visitors since the previous decision")
            .add(STOCKOUT_VISITORS_LAST_PERIOD, Box.integerVector(CATEGORIES, 0, MAX_VISITORS),
                    "visitors since the previous decision who found the category out of stock")
            .add(SEASON_PROGRESS, Box.continuous(0, 1), "fraction of the season elapsed")
            .add(HOURS_LEFT, Box.continuous(0, MAX_HORIZON_HOURS), "hours until the season ends")
            .add(IN_CLEARANCE, new Discrete(2), "1 in the closing clearance: markdowns only, below the margin floor down to salvage value")
            .add(HOUR_OF_DAY, new Discrete(24), "UTC hour of the day")
            .add(DAY_OF_WEEK, new Discrete(7), "day of the week, 0 = Monday")
            .build();

    private static final Space ACTION = new MultiDiscrete(levels());

    private static final Dict PURCHASE = Dict.builder()
            .add("user_id", new Text(32), "customer identifier")
            .add("category", new Text(32), "category bought")
            .add("price", Box.continuous(0, Double.POSITIVE_INFINITY), "unit price paid, currency")
            .add("quantity", Box.integer(1, MAX_UNITS), "units bought")
            .add("timestamp", Box.integer(0, Long.MAX_VALUE), "simulated time of the purchase, epoch milliseconds")
            .add("total_revenue", Box.continuous(0, Double.POSITIVE_INFINITY), "price times quantity, currency")
            .build();

    private static final CausalModel CAUSAL_MODEL = causal();

    @Override
    public String name() {
        return "pricing";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "online retailer pricing four categories over a selling season against a competitor, finite stock";
    }

    @Override
    public Dict observationSpace() {
        return OBSERVATION;
    }

    /** One target rung per category; the mask allows at most one rung of change. */
    @Override
    public Space actionSpace() {
        return ACTION;
    }

    @Override
    public Map<String, Dict> sideStreams() {
        return Map.of("purchases", PURCHASE);
    }

    @Override
    public ParameterSpec parameterSpec() {
        return ParameterSpec.builder()
                .number("horizon_hours", 24, MAX_HORIZON_HOURS, "length of the selling season, hours")
                .number("review_hours", 0.5, 48, "hours between pricing decisions")
                .categorical("catalog.traffic_share", "share of visitors per category; exactly " + CATEGORIES + " categories")
                .distributionsBy("catalog.list_price", "catalog.traffic_share", 0.01, "list (reference) price per unit; drawn once per episode")
                .distributionsBy("catalog.unit_cost", "catalog.traffic_share", 0, "landed cost per unit; drawn once per episode")
                .distributionsBy("catalog.initial_stock", "catalog.traffic_share", 0, "units on hand when the season opens; drawn once per episode")
                .distributionsBy("catalog.conversion_at_list", "catalog.traffic_share", 0,
                        "share of visitors who buy when we and the competitor both charge list price")
                .distributionsBy("catalog.price_sensitivity", "catalog.traffic_share", 0,
                        "logit utility lost per list price of price, for visitors ready to buy")
                .distributionsBy("catalog.extra_units_per_order", "catalog.traffic_share", 0, "units beyond the first in an order")
                .rate("traffic.visits_per_hour", "category page visitors per hour, all categories, at seasonality 1")
                .number("traffic.purchase_intent", 0.01, 1, "share of visitors ready to buy now; the rest browse")
                .seasonality("traffic.seasonality", "hour-of-day and day-of-week profile of visits (UTC)")
                .number("price.step_fraction", 0.01, 0.12, "distance between ladder rungs, fraction of list price")
                .integer("price.list_level", 0, PriceLadder.LEVELS - 1, "ladder rung at list price; the season opens there")
                .number("price.floor_over_cost", 1, 3, "outside clearance a markdown may not go below unit cost times this")
                .number("price.clearance_days", 0, 92, "closing days in which prices only go down, to salvage value at most")
                .number("competitor.price_index", 0.3, 3, "competitor's regular price as a fraction of our list price")
                .distribution("competitor.reprice_interval_hours", 0, "hours between two competitor repricings (any category)")
                .number("competitor.price_noise", 0, 1, "sd of the log of a competitor's new price around its target")
                .number("competitor.season_markdown", 0, 0.9, "fraction the competitor's target falls by the season's end")
                .number("competitor.loyalty_advantage", -5, 5, "logit utility handicap of buying from the competitor")
                .number("replenishment.fraction_of_initial", 0, 5, "second delivery as a fraction of initial stock; 0 for none")
                .number("replenishment.due_day", 0, 92, "day of the season the second delivery is due")
                .distribution("replenishment.delay_days", 0, "days the second delivery arrives after its due day")
                .number("costs.holding_rate_per_year", 0, 2, "holding cost per year as a fraction of unit cost")
                .number("costs.salvage_fraction", 0, 1, "liquidator's price for leftover units, fraction of unit cost")
                .rareEvent("rare.competitor_flash_sale", "site-wide competitor sale; magnitude = discount fraction")
                .rareEvent("rare.viral_spike", "one category goes viral; magnitude = multiplier of its visits")
                .flag("purchases.emit", "emit each purchase to the purchases side stream")
                .integer("purchases.customer_pool", 1, 1_000_000_000, "distinct customers user ids are drawn from")
                .build();
    }

    /** A decision's revenue is credited by the next review, at most review_hours (48 at most) later. */
    @Override
    public java.time.Duration maxRewardDelay() {
        return java.time.Duration.ofHours(48);
    }

    @Override
    public CausalModel causalModel() {
        return CAUSAL_MODEL;
    }

    @Override
    public List<Invariant> invariants() {
        return List.of(
                new Invariant("units_conserved", obs -> {
                    long[] stock = (long[]) obs.get(STOCK);
                    long[] onOrder = (long[]) obs.get(ON_ORDER);
                    long[] sold = (long[]) obs.get(UNITS_SOLD_SEASON);
                    long[] supply = (long[]) obs.get(SEASON_SUPPLY);
                    for (int c = 0; c < CATEGORIES; c++) {
                        if (stock[c] + onOrder[c] + sold[c] != supply[c]) {
                            return "category " + c + ": stock " + stock[c] + " + on order " + onOrder[c] + " + sold "
                                    + sold[c] + " != season supply " + supply[c];
                        }
                    }
                    return null;
                }),
                new Invariant("no_below_cost_outside_clearance", obs -> {
                    if ((Integer) obs.get(IN_CLEARANCE) == 1) {
                        return null;
                    }
                    double[] price = (double[]) obs.get(PRICE);
                    double[] cost = (double[]) obs.get(UNIT_COST);
                    for (int c = 0; c < CATEGORIES; c++) {
                        if (price[c] < cost[c]) {
                            return "category " + c + " priced " + price[c] + " below its unit cost " + cost[c] + " outside clearance";
                        }
                    }
                    return null;
                }),
                new Invariant("period_counts_consistent", obs -> {
                    long[] lastPeriod = (long[]) obs.get(UNITS_SOLD_LAST_PERIOD);
                    long[] season = (long[]) obs.get(UNITS_SOLD_SEASON);
                    long[] visitors = (long[]) obs.get(VISITORS_LAST_PERIOD);
                    long[] stockouts = (long[]) obs.get(STOCKOUT_VISITORS_LAST_PERIOD);
                    for (int c = 0; c < CATEGORIES; c++) {
                        if (lastPeriod[c] > season[c]) {
                            return "category " + c + " sold " + lastPeriod[c] + " last period but " + season[c] + " all season";
                        }
                        if (stockouts[c] > visitors[c]) {
                            return "category " + c + " has " + stockouts[c] + " stockout visitors of " + visitors[c];
                        }
                    }
                    return null;
                }));
    }

    @Override
    public Episode newEpisode(EpisodeContext context) {
        return new PricingEpisode(context);
    }

    @Override
    public ScoredPolicy heuristic() {
        return new SellThroughPricingPolicy(version());
    }

    /** Holds every price where it is: always valid. */
    @Override
    public Object fallbackAction(Decision decision) {
        return currentLevels(decision.observation());
    }

    /** The rungs in an observation, as an action that holds them. */
    static int[] currentLevels(Map<String, Object> observation) {
        long[] levels = (long[]) observation.get(PRICE_LEVEL);
        int[] hold = new int[levels.length];
        for (int c = 0; c < levels.length; c++) {
            hold[c] = (int) levels[c];
        }
        return hold;
    }

    /** Names of one element of a per-category vector, as the flat view names it, e.g. {@code stock[2]}. */
    static String[] elementNames(String field) {
        String[] names = new String[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            names[c] = field + "[" + c + "]";
        }
        return names;
    }

    private static int[] levels() {
        int[] nvec = new int[CATEGORIES];
        java.util.Arrays.fill(nvec, PriceLadder.LEVELS);
        return nvec;
    }

    private static CausalModel causal() {
        List<String> exogenous = new ArrayList<>();
        exogenous.addAll(List.of(elementNames(PricingEpisode.VISITS)));
        exogenous.addAll(List.of(elementNames(COMPETITOR_PRICE)));
        exogenous.addAll(List.of(elementNames(PricingEpisode.TRAFFIC_BOOST)));
        exogenous.addAll(List.of(elementNames(ON_ORDER)));
        exogenous.addAll(List.of(elementNames(VISITORS_LAST_PERIOD)));
        exogenous.addAll(List.of(COMPETITOR_PROMO, LIST_PRICE, UNIT_COST, SEASON_SUPPLY,
                SEASON_PROGRESS, HOURS_LEFT, IN_CLEARANCE, HOUR_OF_DAY, DAY_OF_WEEK));
        return CausalModel.builder()
                .influences("action", PRICE_LEVEL, PRICE, STOCK, UNITS_SOLD_SEASON, UNITS_SOLD_LAST_PERIOD,
                        STOCKOUT_VISITORS_LAST_PERIOD)
                .exogenous(exogenous.toArray(new String[0]))
                .build();
    }
}
