package io.mdpstream.sim.scenarios.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.spi.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SellThroughPricingPolicyTest {

    private static final ScoredPolicy POLICY = PricingRuns.SCENARIO.heuristic();
    private static final long SUPPLY = 1000;

    @Test
    void shouldRaiseEveryCategoryThatSellsAheadOfPlan() {
        Decision decision = decision(0.5, 600, 50.0, 50.0);

        assertThat(best(decision)).containsExactly(5, 5, 5, 5);
    }

    @Test
    void shouldLowerEveryCategoryThatTrailsThePlan() {
        Decision decision = decision(0.5, 350, 50.0, 50.0);

        assertThat(best(decision)).containsExactly(3, 3, 3, 3);
    }

    @Test
    void shouldFollowAPricierCompetitorWhenOnPlan() {
        assertThat(best(decision(0.5, 500, 50.0, 56.0))).containsExactly(5, 5, 5, 5);
        assertThat(best(decision(0.5, 500, 50.0, 50.0))).containsExactly(4, 4, 4, 4);
    }

    @Test
    void shouldMatchAnUndercuttingCompetitorOnlyWhenTrailingThePlan() {
        assertThat(best(decision(0.5, 490, 50.0, 40.0))).containsExactly(3, 3, 3, 3);
        assertThat(best(decision(0.5, 510, 50.0, 40.0))).containsExactly(4, 4, 4, 4);
    }

    @Test
    void shouldHoldWhenNothingIsLeftToSell() {
        Decision decision = decision(0.9, SUPPLY, 50.0, 60.0);

        assertThat(best(decision)).containsExactly(4, 4, 4, 4);
    }

    @Test
    void shouldOfferEveryValidCombinationAndNothingElse() {
        Decision decision = decision(0.5, 350, 50.0, 50.0);

        List<ScoredAction> candidates = POLICY.candidates(decision);

        assertThat(candidates).hasSize(81);
        assertThat(candidates).allSatisfy(candidate ->
                assertThat(PricingRuns.SCENARIO.actionSpace().violation(candidate.action(), decision.mask(), "action")).isNull());
    }

    /** Every category on rung 4 of 9, mid-ladder, with the same sales and prices. */
    private static Decision decision(double progress, long sold, double price, double competitorPrice) {
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put(DynamicPricingScenario.PRICE_LEVEL, new long[] {4, 4, 4, 4});
        obs.put(DynamicPricingScenario.PRICE, new double[] {price, price, price, price});
        obs.put(DynamicPricingScenario.COMPETITOR_PRICE, new double[] {competitorPrice, competitorPrice, competitorPrice, competitorPrice});
        obs.put(DynamicPricingScenario.STOCK, filled(SUPPLY - sold));
        obs.put(DynamicPricingScenario.ON_ORDER, filled(0));
        obs.put(DynamicPricingScenario.SEASON_SUPPLY, filled(SUPPLY));
        obs.put(DynamicPricingScenario.UNITS_SOLD_SEASON, filled(sold));
        obs.put(DynamicPricingScenario.SEASON_PROGRESS, progress);
        boolean[] mask = new boolean[DynamicPricingScenario.CATEGORIES * PriceLadder.LEVELS];
        for (int c = 0; c < DynamicPricingScenario.CATEGORIES; c++) {
            PriceLadder.allowedMoves(4, 0, true, mask, c * PriceLadder.LEVELS);
        }
        return new Decision(10, progress * 672 * 3600, obs, mask);
    }

    private static long[] filled(long value) {
        return new long[] {value, value, value, value};
    }

    private static int[] best(Decision decision) {
        return (int[]) ScoredPolicy.best(POLICY.candidates(decision)).action();
    }
}
