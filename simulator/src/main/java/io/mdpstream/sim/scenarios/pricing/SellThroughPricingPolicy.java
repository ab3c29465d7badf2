package io.mdpstream.sim.scenarios.pricing;

import static io.mdpstream.sim.scenarios.pricing.DynamicPricingScenario.CATEGORIES;

import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.spi.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A merchandiser's rule, category by category: compare units sold with a straight-line plan that
 * sells the whole season's supply by the last day; raise one rung when ahead of plan, lower one
 * rung when behind; within the tolerance band, follow the competitor (raise when it is clearly
 * pricier, lower when it clearly undercuts us and we trail the plan). A category with nothing left
 * to sell holds its price.
 *
 * <p>Each candidate (one valid rung per category) scores minus its total distance, in rungs, from
 * the moves the rule wants, so softmax and epsilon wrappers stay close to the rule.
 *
 * <p>Stateless, immutable and thread-safe.
 */
public final class SellThroughPricingPolicy implements ScoredPolicy {

    /** Distance from plan, as a fraction of the season's supply, inside which the plan is met. */
    static final double PLAN_TOLERANCE = 0.03;
    /** Competitor premium above which we raise when on plan. */
    static final double COMPETITOR_PREMIUM = 0.05;
    /** Competitor discount beyond which we lower when trailing the plan. */
    static final double COMPETITOR_UNDERCUT = 0.10;

    private final PolicyId id;

    public SellThroughPricingPolicy(String version) {
        this.id = new PolicyId("heuristic", version);
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public List<ScoredAction> candidates(Decision decision) {
        Map<String, Object> obs = decision.observation();
        int[] current = DynamicPricingScenario.currentLevels(obs);
        int[][] options = new int[CATEGORIES][];
        int[] wanted = new int[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            options[c] = allowedLevels(decision, c);
            wanted[c] = current[c] + desiredMove(obs, c);
        }
        List<ScoredAction> candidates = new ArrayList<>();
        enumerate(options, wanted, 0, new int[CATEGORIES], 0, candidates);
        return candidates;
    }

    /** -1, 0 or +1 rung for category {@code c}. */
    static int desiredMove(Map<String, Object> obs, int c) {
        long stock = ((long[]) obs.get(DynamicPricingScenario.STOCK))[c];
        long onOrder = ((long[]) obs.get(DynamicPricingScenario.ON_ORDER))[c];
        long supply = ((long[]) obs.get(DynamicPricingScenario.SEASON_SUPPLY))[c];
        long sold = ((long[]) obs.get(DynamicPricingScenario.UNITS_SOLD_SEASON))[c];
        if (supply == 0 || stock + onOrder == 0) {
            return 0;
        }
        double progress = (Double) obs.get(DynamicPricingScenario.SEASON_PROGRESS);
        double ahead = (sold - progress * supply) / supply;
        if (ahead > PLAN_TOLERANCE) {
            return 1;
        }
        if (ahead < -PLAN_TOLERANCE) {
            return -1;
        }
        double ours = ((double[]) obs.get(DynamicPricingScenario.PRICE))[c];
        double theirs = ((double[]) obs.get(DynamicPricingScenario.COMPETITOR_PRICE))[c];
        if (theirs > ours * (1 + COMPETITOR_PREMIUM)) {
            return 1;
        }
        if (theirs < ours * (1 - COMPETITOR_UNDERCUT) && ahead < 0) {
            return -1;
        }
        return 0;
    }

    private static int[] allowedLevels(Decision decision, int c) {
        int[] levels = new int[PriceLadder.LEVELS];
        int n = 0;
        for (int level = 0; level < PriceLadder.LEVELS; level++) {
            if (decision.allowed(c * PriceLadder.LEVELS + level)) {
                levels[n++] = level;
            }
        }
        return java.util.Arrays.copyOf(levels, n);
    }

    private static void enumerate(int[][] options, int[] wanted, int c, int[] chosen, double score, List<ScoredAction> out) {
        if (c == options.length) {
            out.add(new ScoredAction(chosen.clone(), score));
            return;
        }
        for (int level : options[c]) {
            chosen[c] = level;
            enumerate(options, wanted, c + 1, chosen, score - Math.abs(level - wanted[c]), out);
        }
    }
}
