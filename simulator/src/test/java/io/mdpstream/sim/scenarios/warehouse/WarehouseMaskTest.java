package io.mdpstream.sim.scenarios.warehouse;

import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.longs;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.parameters;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.runner;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.states;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.CANDIDATES;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.EXPEDITE;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.STANDARD;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.releaseMaskIndex;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.replenishMaskIndex;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operational constraints reach the policy through the mask. */
class WarehouseMaskTest {

    @TempDir
    Path dir;

    @Test
    void shouldAllowNoReleaseWhileTheWmsIsDown() {
        List<TraceEvent> trace = runner(parameters(dir, """
                rare:
                  wms_outage: {rate_per_day: 6, magnitude: 1.5, duration_minutes: 60}
                """), WarehouseRuns.SCENARIO.heuristic()).run(0);

        List<TraceEvent.StateEvent> down = states(trace).stream()
                .filter(s -> s.observation().get("wms_outage").equals(1L)).toList();
        assertThat(down).isNotEmpty().allSatisfy(s -> {
            for (int k = 0; k < CANDIDATES; k++) {
                assertThat(s.mask()[releaseMaskIndex(k, true)]).isFalse();
                assertThat(s.mask()[releaseMaskIndex(k, false)]).isTrue();
            }
        });
    }

    @Test
    void shouldOfferOnlyFilledCandidateSlotsForRelease() {
        List<TraceEvent> trace = runner(parameters(dir, ""), WarehouseRuns.SCENARIO.heuristic()).run(1);

        assertThat(states(trace)).allSatisfy(s -> {
            long[] lines = longs(s, "cand_lines");
            boolean down = s.observation().get("wms_outage").equals(1L);
            for (int k = 0; k < CANDIDATES; k++) {
                assertThat(s.mask()[releaseMaskIndex(k, true)]).isEqualTo(lines[k] > 0 && !down);
            }
        });
    }

    @Test
    void shouldKeepReplenishmentWithinReceivingLimits() {
        // Orders class A at every chance it gets: the mask alone has to hold it back.
        Policy greedy = WarehouseRuns.heuristicThen("replenish-a-always", (decision, action) -> {
            int[] replenish = ((int[]) action.get("replenish")).clone();
            replenish[0] = decision.allowed(replenishMaskIndex(0, EXPEDITE)) ? EXPEDITE : 0;
            action.put("replenish", replenish);
        });
        List<TraceEvent> trace = runner(parameters(dir, ""), greedy).run(2);

        List<Double> orderTimes = new ArrayList<>();
        for (TraceEvent event : trace) {
            if (event instanceof TraceEvent.ActionEvent action && ((int[]) ((Map<?, ?>) action.action()).get("replenish"))[0] != 0) {
                orderTimes.add(action.time());
            }
        }
        assertThat(orderTimes).hasSizeGreaterThan(3);
        for (int i = 1; i < orderTimes.size(); i++) {
            assertThat(orderTimes.get(i) - orderTimes.get(i - 1)).isGreaterThanOrEqualTo(15 * 60.0);
        }
        assertThat(states(trace)).allSatisfy(s -> {
            assertThat(longs(s, "open_replenishments")[0]).isLessThanOrEqualTo(8);
            boolean allowed = s.mask()[replenishMaskIndex(0, STANDARD)];
            assertThat(s.mask()[replenishMaskIndex(0, EXPEDITE)]).isEqualTo(allowed);
            if (allowed && longs(s, "backordered_lines")[0] == 0) {
                // Room on the shelf for one more lot of 60 within the location's 200 units.
                assertThat(longs(s, "target_available")[0] + longs(s, "target_inbound")[0]).isLessThanOrEqualTo(200 - 60);
            }
        });
    }

    @Test
    void shouldAlwaysAllowTheFallbackAction() {
        List<TraceEvent> trace = runner(parameters(dir, ""), WarehouseRuns.idle()).run(3);

        assertThat(states(trace)).isNotEmpty().allSatisfy(s -> {
            Object fallback = WarehouseRuns.SCENARIO.fallbackAction(null);
            assertThat(WarehouseRuns.SCENARIO.actionSpace().maskViolation(fallback, s.mask(), 0, "action")).isNull();
        });
    }
}
