package io.mdpstream.sim.scenarios.pricing;

import static io.mdpstream.sim.scenarios.pricing.PricingRuns.parameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.random.RandomStreams;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.EpisodeContext;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PricingParametersTest {

    @Test
    void shouldLoadTheShippedDefaults() {
        ParameterSet defaults = Scenarios.parameters(PricingRuns.SCENARIO, null);

        Parameters p = defaults.resolve(new SplittableRandom(1));

        assertThat(p.number("horizon_hours")).isEqualTo(672.0);
        assertThat(p.categorical("catalog.traffic_share").names()).containsExactly("apparel", "footwear", "electronics", "home");
        assertThat(p.randomized()).containsOnlyKeys("traffic.visits_per_hour", "competitor.price_index",
                "replenishment.fraction_of_initial");
        assertThat(p.number("traffic.visits_per_hour")).isBetween(24.0, 36.0);
        assertThat(p.rareEvents()).extracting(e -> e.name())
                .containsExactlyInAnyOrder("rare.competitor_flash_sale", "rare.viral_spike");
        assertThat(p.flag("purchases.emit")).isTrue();
        assertThat(Scenarios.named("pricing")).isInstanceOf(DynamicPricingScenario.class);
    }

    @Test
    void shouldNameTheMistypedKey() {
        assertThatThrownBy(() -> parameters("traffic:\n  visits_per_hr: 30\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("traffic.visits_per_hr")
                .hasMessageContaining("did you mean traffic.visits_per_hour");
    }

    @Test
    void shouldRefuseANegativeRate() {
        assertThatThrownBy(() -> parameters("traffic:\n  visits_per_hour: -5\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("traffic.visits_per_hour")
                .hasMessageContaining(">= 0");
    }

    @Test
    void shouldRefuseAPriceLadderThatReachesZero() {
        assertThatThrownBy(() -> parameters("price:\n  step_fraction: 0.2\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("price.step_fraction");
    }

    @Test
    void shouldRefuseAFifthCategory() {
        ParameterSet five = parameters("""
                catalog:
                  traffic_share: {toys: 0.1}
                  list_price: {toys: 25}
                  unit_cost: {toys: 10}
                  initial_stock: {toys: 100}
                  conversion_at_list: {toys: 0.05}
                  price_sensitivity: {toys: 3}
                  extra_units_per_order: {toys: 0}
                """);

        assertThatThrownBy(() -> newEpisode(five))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("catalog.traffic_share")
                .hasMessageContaining("exactly 4 categories");
    }

    @Test
    void shouldRefuseAConversionNoShopperMix() {
        ParameterSet impossible = parameters("catalog:\n  conversion_at_list: {home: 0.5}\n");

        assertThatThrownBy(() -> newEpisode(impossible))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("catalog.conversion_at_list.home");
    }

    private static void newEpisode(ParameterSet parameters) {
        RandomStreams random = new RandomStreams(1);
        PricingRuns.SCENARIO.newEpisode(new EpisodeContext(parameters.resolve(random.stream("domain_randomization")), random,
                PricingRuns.MONDAY_6AM, Map.of(), false));
    }
}
