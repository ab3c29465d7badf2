package io.mdpstream.sim.scenarios.warehouse;

import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.componentTotals;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.doubles;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.longs;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.parameters;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.runner;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.states;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Episode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mechanisms the scenario claims, each shown by changing one thing. */
class WarehouseDynamicsTest {

    private static final String NO_RARE_EVENTS = """
            rare:
              wms_outage: {rate_per_day: 0, magnitude: 1.5, duration_minutes: 45}
              demand_surge: {rate_per_day: 0, magnitude: 1.8, duration_minutes: 90}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldBackorderAndCancelWhenStockIsNeverReplenished() {
        ParameterSet lowStock = parameters(dir, """
                sku:
                  a: {initial_fill: 0.15}
                  b: {initial_fill: 0.15}
                  c: {initial_fill: 0.15}
                """);
        Policy neverReplenish = WarehouseRuns.heuristicThen("never-replenish",
                (decision, action) -> action.put("replenish", new int[3]));

        List<TraceEvent> starved = runner(lowStock, neverReplenish).run(0);
        List<TraceEvent> replenished = runner(lowStock, WarehouseRuns.SCENARIO.heuristic()).run(0);

        Map<String, Double> starvedCosts = componentTotals(starved);
        assertThat(starvedCosts.get("stockout_cost")).isNegative();
        assertThat(starvedCosts.get("cancellation_cost")).isNegative();
        assertThat(states(starved)).anySatisfy(s -> assertThat(longs(s, "backordered_lines")[0]).isPositive());
        assertThat(starvedCosts.get("stockout_cost"))
                .isLessThan(componentTotals(replenished).getOrDefault("stockout_cost", 0.0));
        assertThat(starvedCosts.get("revenue")).isLessThan(componentTotals(replenished).get("revenue"));
    }

    @Test
    void shouldEarnNothingAndRunLateWhenNothingIsReleased() {
        Map<String, Double> idle = componentTotals(runner(parameters(dir, NO_RARE_EVENTS), WarehouseRuns.idle()).run(0));

        assertThat(idle).doesNotContainKey("revenue");
        assertThat(idle.get("late_penalty")).isNegative();
    }

    @Test
    void shouldRunLateWhenTheLeastUrgentOrdersAreReleasedFirst() {
        ParameterSet parameters = parameters(dir, NO_RARE_EVENTS);
        // As many releases as the heuristic makes, but from the bottom of the urgency list.
        Policy leastUrgentFirst = WarehouseRuns.heuristicThen("least-urgent-first", (decision, action) -> {
            int[] release = (int[]) action.get("release");
            int count = 0;
            for (int r : release) {
                count += r;
            }
            int[] reversed = new int[release.length];
            for (int k = release.length - 1; k >= 0 && count > 0; k--) {
                if (decision.allowed(WarehouseSpaces.releaseMaskIndex(k, true))) {
                    reversed[k] = 1;
                    count--;
                }
            }
            action.put("release", reversed);
        });

        double edd = total(runner(parameters, WarehouseRuns.SCENARIO.heuristic()), 8, "late_penalty");
        double reversed = total(runner(parameters, leastUrgentFirst), 8, "late_penalty");

        assertThat(reversed).as("late penalties: least urgent first %s, earliest due first %s", reversed, edd)
                .isLessThan(1.5 * edd);
    }

    @Test
    void shouldShipLessWhenAislesAreCongested() {
        ParameterSet free = parameters(dir, NO_RARE_EVENTS + "picking: {congestion_per_picker: 0}\n");
        ParameterSet congested = parameters(dir, NO_RARE_EVENTS + "picking: {congestion_per_picker: 0.15}\n");
        Policy heuristic = WarehouseRuns.SCENARIO.heuristic();

        double freeRevenue = total(runner(free, heuristic), 4, "revenue");
        double congestedRevenue = total(runner(congested, heuristic), 4, "revenue");

        assertThat(congestedRevenue).isLessThan(0.95 * freeRevenue);
        assertThat(total(runner(congested, heuristic), 4, "late_penalty"))
                .isLessThan(total(runner(free, heuristic), 4, "late_penalty"));
    }

    @Test
    void shouldQuoteLongerToursForNearlyEmptyLocations() {
        // Same seed, so the same first decision; only the nearly-empty threshold differs.
        TraceEvent.StateEvent normal = states(runner(parameters(dir, "picking: {low_stock_units: 0}\n"),
                WarehouseRuns.idle(), DriverOptions.defaults().withMaxSteps(1)).run(0)).get(0);
        TraceEvent.StateEvent allNearlyEmpty = states(runner(parameters(dir, "picking: {low_stock_units: 100000}\n"),
                WarehouseRuns.idle(), DriverOptions.defaults().withMaxSteps(1)).run(0)).get(0);

        double searchMinutes = 45 * Math.exp(0.5 * 0.5 / 2) / 60; // mean of the default lognormal search time
        long lines = longs(normal, "cand_lines")[0];
        assertThat(doubles(allNearlyEmpty, "cand_standard_minutes")[0] - doubles(normal, "cand_standard_minutes")[0])
                .isCloseTo(lines * searchMinutes, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldRaiseArrivalsDuringADemandSurge() {
        String noOutage = "rare:\n  wms_outage: {rate_per_day: 0, magnitude: 1.5, duration_minutes: 45}\n";
        ParameterSet calm = parameters(dir, noOutage
                + "  demand_surge: {rate_per_day: 0, magnitude: 3, duration_minutes: 120}\n");
        ParameterSet surging = parameters(dir, noOutage
                + "  demand_surge: {rate_per_day: 4, magnitude: 3, duration_minutes: 120}\n");

        for (int episode = 0; episode < 3; episode++) {
            assertThat(ordersArrived(surging, episode)).isGreaterThan(ordersArrived(calm, episode));
        }
        assertThat(states(runner(surging, WarehouseRuns.SCENARIO.heuristic()).run(0)))
                .anySatisfy(s -> assertThat(s.observation().get("demand_surge")).isEqualTo(1L));
    }

    @Test
    void shouldCreditRevenueToTheDecisionThatReleasedTheOrder() {
        List<TraceEvent> trace = runner(parameters(dir, ""), WarehouseRuns.SCENARIO.heuristic()).run(0);
        Set<Integer> releasingSteps = new HashSet<>();
        for (TraceEvent event : trace) {
            if (event instanceof TraceEvent.ActionEvent action) {
                int[] release = (int[]) ((Map<?, ?>) action.action()).get("release");
                if (java.util.Arrays.stream(release).sum() > 0) {
                    releasingSteps.add(action.step());
                }
            }
        }

        List<TraceEvent.RewardEvent> revenue = trace.stream().filter(TraceEvent.RewardEvent.class::isInstance)
                .map(TraceEvent.RewardEvent.class::cast).filter(r -> r.components().containsKey("revenue")).toList();
        assertThat(revenue).isNotEmpty().allSatisfy(r -> {
            assertThat(releasingSteps).contains(r.creditedStep());
            assertThat(r.creditedStep()).isLessThan(r.step()); // delayed: picked, packed and shipped later
        });
    }

    @Test
    void shouldDrawEverySkuOfASixLineOrderFromTheClassMix() {
        // Only class C is ordered, and class A is empty: a line that names an A SKU was not drawn as one.
        ParameterSet sixLinesOfC = parameters(dir, NO_RARE_EVENTS + """
                horizon_hours: 2
                orders: {lines_per_order: 6}
                sku:
                  class_mix: {a: 0, b: 0, c: 1}
                  a: {initial_fill: 0}
                """);

        for (int episode = 0; episode < 3; episode++) {
            List<TraceEvent.StateEvent> states = states(runner(sixLinesOfC, WarehouseRuns.idle()).run(episode));

            long mostWaitingA = states.stream().mapToLong(s -> longs(s, "backordered_lines")[0]).max().orElseThrow();
            long mostWaitingC = states.stream().mapToLong(s -> longs(s, "backordered_lines")[2]).max().orElseThrow();
            assertThat(mostWaitingA).as("most class A lines waiting for stock, episode %d", episode).isZero();
            assertThat(mostWaitingC).as("most class C lines waiting for stock, episode %d", episode).isPositive();
        }
    }

    private static double ordersArrived(ParameterSet parameters, int episode) {
        EpisodeRunner runner = runner(parameters, WarehouseRuns.SCENARIO.heuristic(),
                DriverOptions.defaults().withExogenousRecording(true));
        EpisodeDriver driver = runner.driver(episode);
        EpisodeRunner.run(driver, runner.policy());
        List<Episode.ExogenousChange> changes = driver.episode().exogenousChanges();
        return changes.stream().filter(c -> c.name().equals("orders_arrived")).reduce((a, b) -> b).orElseThrow().value();
    }
}
