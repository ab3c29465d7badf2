package io.mdpstream.sim.scenarios.pricing;

import static io.mdpstream.sim.scenarios.pricing.PricingRuns.moving;
import static io.mdpstream.sim.scenarios.pricing.PricingRuns.parameters;
import static io.mdpstream.sim.scenarios.pricing.PricingRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingMaskTest {

    private static final PriceLadder DEFAULT_LADDER = new PriceLadder(0.08, 6);

    @Test
    void shouldPutListPriceOnItsRungAndRoundToTheCent() {
        assertThat(DEFAULT_LADDER.multiplier(6)).isEqualTo(1.0);
        assertThat(DEFAULT_LADDER.price(39.90, 6)).isEqualTo(39.90);
        assertThat(DEFAULT_LADDER.price(39.90, 5)).isEqualTo(36.71);
        assertThat(DEFAULT_LADDER.price(39.90, 0)).isEqualTo(20.75);
        assertThat(DEFAULT_LADDER.price(39.90, 8)).isEqualTo(46.28);
        assertThat(DEFAULT_LADDER.lowestLevelAtLeast(39.90, 36.71)).isEqualTo(5);
        assertThat(DEFAULT_LADDER.lowestLevelAtLeast(39.90, 100)).isEqualTo(PriceLadder.LEVELS - 1);
    }

    @Test
    void shouldAllowHoldAndOneRungEitherWayWithinTheLadder() {
        boolean[] mask = new boolean[PriceLadder.LEVELS];
        PriceLadder.allowedMoves(0, 0, true, mask, 0);
        assertThat(mask).containsExactly(true, true, false, false, false, false, false, false, false);

        mask = new boolean[PriceLadder.LEVELS];
        PriceLadder.allowedMoves(8, 3, true, mask, 0);
        assertThat(mask).containsExactly(false, false, false, false, false, false, false, true, true);

        mask = new boolean[PriceLadder.LEVELS];
        PriceLadder.allowedMoves(4, 4, false, mask, 0);
        assertThat(mask).as("at the floor with raises closed, only hold").containsExactly(false, false, false, false, true,
                false, false, false, false);
    }

    @Test
    void shouldMaskEveryChangeOfMoreThanOneRungAndAlwaysAllowHolding() {
        for (long episode = 0; episode < 5; episode++) {
            PricingRuns.Run run = run(parameters(""), Policies.named("random", PricingRuns.SCENARIO), episode);
            for (TraceEvent.StateEvent state : run.states()) {
                long[] levels = (long[]) state.observation().get(DynamicPricingScenario.PRICE_LEVEL);
                for (int c = 0; c < levels.length; c++) {
                    for (int level = 0; level < PriceLadder.LEVELS; level++) {
                        boolean allowed = state.mask()[c * PriceLadder.LEVELS + level];
                        if (Math.abs(level - levels[c]) > 1) {
                            assertThat(allowed).as("rung %d from %d", level, levels[c]).isFalse();
                        }
                        if (level == levels[c]) {
                            assertThat(allowed).as("holding").isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldNeverMarkDownBelowTheMarginFloorOutsideClearance() {
        PricingRuns.Run run = run(parameters(""), moving(-1), 1);
        int atFloor = 0;
        for (TraceEvent.StateEvent state : run.states()) {
            Map<String, Object> obs = state.observation();
            if ((Integer) obs.get(DynamicPricingScenario.IN_CLEARANCE) == 1) {
                continue;
            }
            long[] levels = (long[]) obs.get(DynamicPricingScenario.PRICE_LEVEL);
            double[] price = (double[]) obs.get(DynamicPricingScenario.PRICE);
            double[] list = (double[]) obs.get(DynamicPricingScenario.LIST_PRICE);
            double[] cost = (double[]) obs.get(DynamicPricingScenario.UNIT_COST);
            for (int c = 0; c < levels.length; c++) {
                assertThat(price[c]).isGreaterThanOrEqualTo(cost[c] * 1.1);
                int below = (int) levels[c] - 1;
                if (below >= 0 && DEFAULT_LADDER.price(list[c], below) < cost[c] * 1.1) {
                    assertThat(state.mask()[c * PriceLadder.LEVELS + below]).isFalse();
                    atFloor++;
                }
            }
        }
        assertThat(atFloor).as("the markdown policy reached the cost floor").isPositive();
    }

    @Test
    void shouldOnlyMarkDownDuringClearanceAndNeverBelowSalvageValue() {
        PricingRuns.Run rising = run(parameters(""), moving(+1), 2);
        PricingRuns.Run falling = run(parameters(""), moving(-1), 2);

        List<TraceEvent.StateEvent> clearance = rising.states().stream()
                .filter(s -> (Integer) s.observation().get(DynamicPricingScenario.IN_CLEARANCE) == 1).toList();
        assertThat(clearance).hasSize(5 * 4);
        assertThat(clearance.get(0).time()).isEqualTo((28 - 5) * 86400.0);
        for (TraceEvent.StateEvent state : clearance) {
            long[] levels = (long[]) state.observation().get(DynamicPricingScenario.PRICE_LEVEL);
            for (int c = 0; c < levels.length; c++) {
                if (levels[c] + 1 < PriceLadder.LEVELS) {
                    assertThat(state.mask()[c * PriceLadder.LEVELS + (int) levels[c] + 1]).as("raise in clearance").isFalse();
                }
            }
        }
        for (TraceEvent.StateEvent state : falling.states()) {
            double[] price = (double[]) state.observation().get(DynamicPricingScenario.PRICE);
            double[] cost = (double[]) state.observation().get(DynamicPricingScenario.UNIT_COST);
            for (int c = 0; c < price.length; c++) {
                assertThat(price[c]).isGreaterThanOrEqualTo(0.3 * cost[c]);
            }
        }
        // Electronics (cost at least 30 of a 59 list) cannot reach rung 0 under the margin floor; clearance can.
        int electronics = 2;
        long lowestBefore = PriceLadder.LEVELS;
        for (TraceEvent.StateEvent state : falling.states()) {
            if ((Integer) state.observation().get(DynamicPricingScenario.IN_CLEARANCE) == 0) {
                lowestBefore = Math.min(lowestBefore, ((long[]) state.observation().get(DynamicPricingScenario.PRICE_LEVEL))[electronics]);
            }
        }
        long atEnd = ((long[]) falling.lastObservation().get(DynamicPricingScenario.PRICE_LEVEL))[electronics];
        assertThat(lowestBefore).isPositive();
        assertThat(atEnd).as("clearance opened markdowns below the margin floor").isLessThan(lowestBefore);
    }

    @Test
    void shouldFallBackToHoldingEveryPrice() {
        PricingRuns.Run run = run(parameters(""), Policies.named("random", PricingRuns.SCENARIO), 3);
        for (TraceEvent.StateEvent state : run.states()) {
            Decision decision = new Decision(state.step(), state.time(), state.observation(), state.mask());

            Object fallback = PricingRuns.SCENARIO.fallbackAction(decision);

            assertThat(PricingRuns.SCENARIO.actionSpace().violation(fallback, state.mask(), "action")).isNull();
            assertThat((int[]) fallback).containsExactly(DynamicPricingScenario.currentLevels(state.observation()));
        }
    }
}
