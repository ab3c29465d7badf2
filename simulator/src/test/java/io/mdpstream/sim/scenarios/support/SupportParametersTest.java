package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportRuns.MONDAY_6AM;
import static io.mdpstream.sim.scenarios.support.SupportRuns.SCENARIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.Scenarios;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportParametersTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheShippedDefaultsWithEveryDeclaredKey() {
        ParameterSet defaults = Scenarios.parameters(SCENARIO, null);

        SupportSettings settings = new SupportSettings(defaults.resolve(new SplittableRandom(1)), new RosterCache());

        assertThat(settings.horizonSeconds).isEqualTo(8 * 3600);
        assertThat(settings.ratePerHour).isBetween(14.0, 19.0);
        assertThat(settings.crossTrainedFactor).isBetween(1.3, 1.7);
        assertThat(settings.roster).isNotEmpty();
        assertThat(settings.slaTargetSeconds).containsExactly(120, 300, 900);
        assertThat(defaults.resolve(new SplittableRandom(1)).rareEvents()).hasSize(2);
    }

    @Test
    void shouldDrawRandomisedParametersPerEpisode() {
        ParameterSet defaults = Scenarios.parameters(SCENARIO, null);

        double first = defaults.resolve(new SplittableRandom(1)).number("tickets.rate_per_hour");
        double second = defaults.resolve(new SplittableRandom(2)).number("tickets.rate_per_hour");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void shouldNameATypoedKeyAndSuggestTheRightOne() {
        assertThatThrownBy(() -> SupportRuns.parameters(dir, "tickets: {rate_per_huor: 20}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("tickets.rate_per_huor")
                .hasMessageContaining("did you mean tickets.rate_per_hour");
    }

    @Test
    void shouldRefuseANegativeArrivalRateNamingTheKey() {
        assertThatThrownBy(() -> SupportRuns.parameters(dir, "tickets: {rate_per_hour: -5}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("tickets.rate_per_hour")
                .hasMessageContaining("-5");
    }

    @Test
    void shouldRefuseAPositiveAbandonmentValue() {
        assertThatThrownBy(() -> SupportRuns.parameters(dir, "value: {abandoned: {p1: 40}}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("value.abandoned.p1");
    }

    @Test
    void shouldRefuseAnUnknownSkillInTheRosterNamingTheLine() {
        ParameterSet parameters = SupportRuns.parameters(dir, """
                staffing:
                  roster:
                    - {team: x, count: 2, shift_start_hour: 6, shift_end_hour: 14, specialist: [biling], cross_trained: []}
                """);

        assertThatThrownBy(() -> SupportRuns.runner(parameters, "heuristic", MONDAY_6AM).driver(0))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("staffing.roster[0].specialist")
                .hasMessageContaining("biling");
    }

    @Test
    void shouldRefuseSkillCategoriesOtherThanTheThreeSkills() {
        ParameterSet parameters = SupportRuns.parameters(dir, """
                tickets: {skill_mix: {sales: 0.1}}
                handling: {minutes_by_skill: {sales: 5}}
                """);

        assertThatThrownBy(() -> SupportRuns.runner(parameters, "heuristic", MONDAY_6AM).driver(0))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("tickets.skill_mix")
                .hasMessageContaining("sales");
    }
}
