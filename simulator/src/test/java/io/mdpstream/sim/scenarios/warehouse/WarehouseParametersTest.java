package io.mdpstream.sim.scenarios.warehouse;

import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.SCENARIO;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.parameters;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseRuns.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped defaults load and run; bad files fail before anything runs, naming the key. */
class WarehouseParametersTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheDefaultsAndRunADayOfReleaseCycles() {
        ParameterSet defaults = Scenarios.parameters(SCENARIO, null);

        List<TraceEvent> trace = runner(defaults, SCENARIO.heuristic()).run(0);

        TraceEvent.EpisodeEnd end = (TraceEvent.EpisodeEnd) trace.get(trace.size() - 1);
        assertThat(end.steps()).isBetween(100, 1500);
        assertThat(end.reason()).contains("horizon");
        assertThat(end.episodeReturn()).isPositive();
        assertThat(WarehouseRuns.componentTotals(trace)).containsKeys("revenue", "replenishment_cost", "holding_cost");
    }

    @Test
    void shouldDrawTheArrivalRateWithinItsRandomisationRange() {
        TraceEvent.EpisodeStart start = (TraceEvent.EpisodeStart) runner(Scenarios.parameters(SCENARIO, null),
                SCENARIO.heuristic()).run(4).get(0);

        assertThat(start.randomized()).containsKey("orders.rate_per_hour");
        assertThat(start.randomized().get("orders.rate_per_hour")).isBetween(38.0, 54.0);
    }

    @Test
    void shouldNameAMisspelledKey() {
        assertThatThrownBy(() -> parameters(dir, "orders:\n  rate_per_hr: 40\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.rate_per_hr")
                .hasMessageContaining("did you mean orders.rate_per_hour");
    }

    @Test
    void shouldRefuseANegativeArrivalRate() {
        assertThatThrownBy(() -> parameters(dir, "orders:\n  rate_per_hour: -5\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.rate_per_hour")
                .hasMessageContaining("-5");
    }

    @Test
    void shouldRefuseACatalogueWithoutClassesABC() {
        ParameterSet renamed = parameters(dir, """
                sku:
                  class_mix: {a: 0.6, b: 0.3, x: 0.1}
                  unit_price: {a: 10, b: 20, x: 30}
                picking:
                  travel_seconds: {a: 50, b: 90, x: 150}
                """);

        assertThatThrownBy(() -> runner(renamed, SCENARIO.heuristic()).run(0))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("sku.class_mix");
    }

    @Test
    void shouldRefuseALotThatCannotFitItsLocation() {
        ParameterSet oversized = parameters(dir, "sku:\n  c: {lot_units: 40}\n");

        assertThatThrownBy(() -> runner(oversized, SCENARIO.heuristic()).run(0))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("sku.c.lot_units");
    }
}
