package io.mdpstream.sim.scenarios.pricing;

import static io.mdpstream.sim.scenarios.pricing.PricingRuns.moving;
import static io.mdpstream.sim.scenarios.pricing.PricingRuns.parameters;
import static io.mdpstream.sim.scenarios.pricing.PricingRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.SideRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingDynamicsTest {

    /** Stock that no price sells out, so demand alone shows. */
    private static final String PLENTY = """
            catalog:
              initial_stock: {apparel: 100000, footwear: 100000, electronics: 100000, home: 100000}
            """;
    private static final String NO_RARE_EVENTS = """
            rare:
              competitor_flash_sale: {rate_per_day: 0, magnitude: 0.3, duration_minutes: 60}
              viral_spike: {rate_per_day: 0, magnitude: 3, duration_minutes: 60}
            """;
    private static final Policy HOLD = moving(0);

    @Test
    void shouldConvertAtTheCalibratedRateWhenBothShopsChargeListPrice() {
        ChoiceModel model = ChoiceModel.calibrated(0.06, 0.2, 2.5, 1.0);

        assertThat(model.purchaseProbability(45, 45, 45)).isCloseTo(0.06, within(1e-12));
    }

    @Test
    void shouldLoseBuyersWhenOurPriceRisesOrTheCompetitorUndercuts() {
        ChoiceModel model = ChoiceModel.calibrated(0.06, 0.2, 2.5, 1.0);
        double atList = model.purchaseProbability(45, 45, 45);

        assertThat(model.purchaseProbability(49.5, 45, 45)).isLessThan(atList);
        assertThat(model.purchaseProbability(40.5, 45, 45)).isGreaterThan(atList);
        // Among shoppers ready to buy, a competitor 30% cheaper takes a real share of our sales.
        assertThat(model.purchaseProbability(45, 31.5, 45)).isLessThan(atList * 0.9);
        // Elasticity at list is about -sensitivity * (1 - conversion / intent).
        double elasticity = Math.log(model.purchaseProbability(45 * 1.001, 45, 45) / atList) / Math.log(1.001);
        assertThat(elasticity).isCloseTo(-2.5 * (1 - 0.06 / 0.2), within(0.01));
    }

    @Test
    void shouldSellFewerUnitsWhenPricesRiseThanWhenTheyFall() {
        ParameterSet parameters = parameters(PLENTY);
        long risingUnits = 0;
        long fallingUnits = 0;
        for (long episode = 0; episode < 4; episode++) {
            risingUnits += run(parameters, moving(+1), episode).unitsSold();
            fallingUnits += run(parameters, moving(-1), episode).unitsSold();
        }

        assertThat(risingUnits).isLessThan(fallingUnits * 7 / 10);
    }

    @Test
    void shouldStockOutWhenDemandOutrunsStock() {
        ParameterSet parameters = parameters("""
                catalog:
                  initial_stock: {apparel: 30, footwear: 20, electronics: 10, home: 20}
                replenishment:
                  fraction_of_initial: 0
                """);

        PricingRuns.Run run = run(parameters, HOLD, 3);

        Map<String, Object> last = run.lastObservation();
        assertThat((long[]) last.get(DynamicPricingScenario.STOCK)).containsOnly(0L);
        assertThat(run.total(DynamicPricingScenario.STOCKOUT_VISITORS_LAST_PERIOD, -1)).isPositive();
        assertThat(run.unitsSold()).as("never sells more than it has").isEqualTo(30 + 20 + 10 + 20);
        assertThat(run.component("leftover_cost")).isZero();
    }

    @Test
    void shouldSellMoreWhenTheCompetitorIsPricier() {
        long againstPricier = 0;
        long againstCheaper = 0;
        for (long episode = 0; episode < 4; episode++) {
            againstPricier += run(parameters(PLENTY + NO_RARE_EVENTS + "competitor: {price_index: 1.4}\n"), HOLD, episode).unitsSold();
            againstCheaper += run(parameters(PLENTY + NO_RARE_EVENTS + "competitor: {price_index: 0.7}\n"), HOLD, episode).unitsSold();
        }

        assertThat(againstPricier).isGreaterThan(againstCheaper * 12 / 10);
    }

    @Test
    void shouldLoseSalesDuringACompetitorFlashSale() {
        String flashSales = """
                rare:
                  competitor_flash_sale: {rate_per_day: 1, magnitude: 0.5, duration_minutes: 1440}
                  viral_spike: {rate_per_day: 0, magnitude: 3, duration_minutes: 60}
                """;
        long calm = 0;
        long contested = 0;
        boolean promoSeen = false;
        for (long episode = 0; episode < 4; episode++) {
            calm += run(parameters(PLENTY + NO_RARE_EVENTS), HOLD, episode).unitsSold();
            PricingRuns.Run run = run(parameters(PLENTY + flashSales), HOLD, episode);
            contested += run.unitsSold();
            promoSeen |= run.states().stream().anyMatch(s -> (Integer) s.observation().get(DynamicPricingScenario.COMPETITOR_PROMO) == 1);
        }

        assertThat(promoSeen).isTrue();
        assertThat(contested).isLessThan(calm * 9 / 10);
    }

    @Test
    void shouldDrawMoreVisitorsWhenACategoryGoesViral() {
        String viral = """
                rare:
                  competitor_flash_sale: {rate_per_day: 0, magnitude: 0.3, duration_minutes: 60}
                  viral_spike: {rate_per_day: 0.5, magnitude: 4, duration_minutes: 1440}
                """;

        long calm = run(parameters(NO_RARE_EVENTS), HOLD, 1).total(DynamicPricingScenario.VISITORS_LAST_PERIOD, -1);
        long boosted = run(parameters(viral), HOLD, 1).total(DynamicPricingScenario.VISITORS_LAST_PERIOD, -1);

        assertThat(boosted).isGreaterThan(calm * 13 / 10);
    }

    @Test
    void shouldSeeFewerVisitorsAtNightThanInTheEvening() {
        PricingRuns.Run run = run(parameters(NO_RARE_EVENTS), HOLD, 2);
        long night = 0;
        long evening = 0;
        for (TraceEvent.StateEvent state : run.states()) {
            long visitors = sum((long[]) state.observation().get(DynamicPricingScenario.VISITORS_LAST_PERIOD));
            int hour = (Integer) state.observation().get(DynamicPricingScenario.HOUR_OF_DAY);
            if (hour == 6) {
                night += visitors;     // the period 00:00-06:00
            } else if (hour == 0) {
                evening += visitors;   // the period 18:00-24:00
            }
        }

        assertThat(night * 3).isLessThan(evening);
    }

    @Test
    void shouldReceiveTheSecondDeliveryAfterItsDueDay() {
        ParameterSet parameters = parameters("""
                replenishment: {fraction_of_initial: 0.5, due_day: 5, delay_days: 1}
                """);

        List<TraceEvent.StateEvent> states = run(parameters, HOLD, 4).states();

        for (TraceEvent.StateEvent state : states) {
            long[] onOrder = (long[]) state.observation().get(DynamicPricingScenario.ON_ORDER);
            if (state.time() < 6 * 86400) {
                assertThat(java.util.Arrays.stream(onOrder).min().orElseThrow()).isPositive();
            } else {
                assertThat(onOrder).containsOnly(0L);
            }
        }
        assertThat((long[]) states.get(0).observation().get(DynamicPricingScenario.SEASON_SUPPLY))
                .isEqualTo((long[]) states.get(states.size() - 1).observation().get(DynamicPricingScenario.SEASON_SUPPLY));
    }

    @Test
    void shouldCostEveryUnitBoughtExactlyOnce() {
        PricingRuns.Run run = run(parameters(""), HOLD, 5);
        Map<String, Object> first = run.states().get(0).observation();
        long[] supply = (long[]) first.get(DynamicPricingScenario.SEASON_SUPPLY);
        double[] cost = (double[]) first.get(DynamicPricingScenario.UNIT_COST);
        double bought = 0;
        for (int c = 0; c < supply.length; c++) {
            bought += supply[c] * cost[c];
        }
        double purchases = 0;
        for (SideRecord purchase : run.purchases()) {
            purchases += (Double) purchase.record().get("total_revenue");
        }

        assertThat(run.component("cost_of_goods") + run.component("leftover_cost")).isCloseTo(-bought, within(1e-6));
        assertThat(run.component("salvage_value")).isCloseTo(-0.3 * run.component("leftover_cost"), within(1e-6));
        assertThat(run.component("revenue")).isCloseTo(purchases, within(1e-6));
        assertThat(run.component("holding_cost")).isNegative();
    }

    @Test
    void shouldCreditEachPeriodsProfitToTheDecisionThatPricedIt() {
        PricingRuns.Run run = run(parameters(""), HOLD, 6);
        List<TraceEvent.RewardEvent> rewards = run.rewards();

        assertThat(run.states()).hasSize(112);
        assertThat(rewards).hasSize(112);
        for (int i = 0; i < rewards.size(); i++) {
            assertThat(rewards.get(i).creditedStep()).isEqualTo(i);
            assertThat(rewards.get(i).time()).isEqualTo((i + 1) * 6 * 3600.0);
        }
        assertThat(rewards.get(rewards.size() - 1).components()).containsKeys("salvage_value", "leftover_cost");
        assertThat(rewards.get(0).components()).containsOnlyKeys("revenue", "cost_of_goods", "holding_cost");
    }

    @Test
    void shouldEmitPurchaseRecordsOnlyWhenAskedTo() {
        PricingRuns.Run on = run(parameters(""), HOLD, 7);
        PricingRuns.Run off = run(parameters("purchases: {emit: false}\n"), HOLD, 7);

        assertThat(on.purchases()).isNotEmpty().allSatisfy(purchase -> {
            assertThat(purchase.stream()).isEqualTo("purchases");
            assertThat(PricingRuns.SCENARIO.sideStreams().get("purchases").contains(purchase.record())).isTrue();
            Map<String, Object> record = purchase.record();
            assertThat((Double) record.get("total_revenue"))
                    .isCloseTo((Double) record.get("price") * (Long) record.get("quantity"), within(1e-9));
        });
        assertThat(off.purchases()).isEmpty();
        assertThat(off.episodeReturn()).isEqualTo(on.episodeReturn());
    }

    @Test
    void shouldLeaveVisitorsCompetitorAndDeliveriesUntouchedByOurPrices() {
        List<Episode.ExogenousChange> rising = exogenousHistory(moving(+1));
        List<Episode.ExogenousChange> falling = exogenousHistory(moving(-1));

        assertThat(rising).isEqualTo(falling);
        assertThat(rising).extracting(Episode.ExogenousChange::name)
                .contains("visits[0]", "competitor_price[3]", "on_order[1]", "visitors_last_period[2]");
        assertThat(PricingRuns.SCENARIO.causalModel().exogenous())
                .containsAll(rising.stream().map(Episode.ExogenousChange::name).distinct().toList());
    }

    private static List<Episode.ExogenousChange> exogenousHistory(Policy policy) {
        EpisodeRunner runner = new EpisodeRunner(PricingRuns.SCENARIO, parameters(""), policy, "test", 42,
                PricingRuns.MONDAY_6AM, DriverOptions.defaults().withExogenousRecording(true));
        EpisodeDriver driver = runner.driver(8);
        EpisodeRunner.run(driver, policy);
        return driver.episode().exogenousChanges();
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }
}
