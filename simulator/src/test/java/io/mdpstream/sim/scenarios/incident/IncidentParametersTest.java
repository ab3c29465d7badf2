package io.mdpstream.sim.scenarios.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.run.EpisodeRunner;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentParametersTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheDefaultsWithRandomisationSeasonalityAndRareEvents() {
        ParameterSet set = IncidentRuns.parameters(dir, null);

        Parameters p = set.resolve(new SplittableRandom(1));
        IncidentSettings settings = new IncidentSettings(p);

        assertThat(p.randomized()).containsKeys("alerts.rate_per_hour", "escalation.speedup");
        assertThat(p.rareEvents()).extracting(e -> e.name())
                .containsExactlyInAnyOrder(IncidentEpisode.CASCADE, IncidentEpisode.FLAPPING);
        assertThat(settings.horizonSeconds).isEqualTo(24 * 3600.0);
        assertThat(settings.serviceNames).hasSize(6);
        assertThat(settings.shifts).extracting(Shift::name).containsExactly("emea", "americas");
        assertThat(settings.seasonality.peak()).isGreaterThan(1);
    }

    @Test
    void shouldNameTheKeyAndSuggestTheRightOneForATypo() {
        assertThatThrownBy(() -> IncidentRuns.parameters(dir, "alerts:\n  rate_per_hr: 5\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("alerts.rate_per_hr")
                .hasMessageContaining("did you mean alerts.rate_per_hour");
    }

    @Test
    void shouldRefuseANegativeAlertRateNamingTheKey() {
        assertThatThrownBy(() -> IncidentRuns.parameters(dir, "alerts:\n  rate_per_hour: -2\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("alerts.rate_per_hour")
                .hasMessageContaining("must be >= 0");
    }

    @Test
    void shouldRefuseAShiftEndingAfterMidnightHour24() {
        String yaml = "team:\n  shifts:\n    - {name: late, engineers: 2, start_hour: 18, end_hour: 25, weekdays_only: false}\n";

        assertThatThrownBy(() -> IncidentRuns.parameters(dir, yaml))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("team.shifts[0].end_hour");
    }

    @Test
    void shouldRefuseMoreServicesThanTheObservationCanName() {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < 9; i++) {
            yaml.append("  - {name: s").append(i).append(", weight: 1, downtime_weight: 1, complexity: 1}\n");
        }
        EpisodeRunner runner = IncidentRuns.runner(IncidentRuns.parameters(dir, yaml.toString()),
                IncidentRuns.named("heuristic"), 1);

        assertThatThrownBy(() -> runner.run(0))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("services")
                .hasMessageContaining("1 to 8");
    }
}
