package io.mdpstream.sim.scenarios.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.spi.Decision;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentMaskTest {

    @TempDir
    Path dir;

    @Test
    void shouldOfferAnAlertToAnEngineerOrSpecialistOnlyWhenOneIsFree() {
        EpisodeRunner runner = IncidentRuns.runner(IncidentRuns.parameters(dir, null), IncidentRuns.named("random"), 5);
        int[] checked = {0, 0};

        for (int i = 0; i < 30; i++) {
            IncidentRuns.run(runner, i, d -> {
                Map<String, Object> obs = d.observation();
                long[] severity = (long[]) obs.get(IncidentObservation.CAND_SEVERITY);
                boolean engineer = (Long) obs.get(IncidentObservation.ENGINEERS_FREE) > 0;
                boolean specialist = (Long) obs.get(IncidentObservation.SPECIALISTS_FREE) > 0;
                assertThat(d.mask()).hasSize(1 + 2 * TriageAction.SLOTS);
                assertThat(d.allowed(TriageAction.HOLD)).as("hold is always valid").isTrue();
                for (int k = 0; k < TriageAction.SLOTS; k++) {
                    boolean filled = severity[k] > 0;
                    assertThat(d.allowed(TriageAction.take(k))).isEqualTo(filled && engineer);
                    assertThat(d.allowed(TriageAction.escalate(k))).isEqualTo(filled && specialist);
                }
                checked[0]++;
                checked[1] += !engineer && specialist ? 1 : 0;
            });
        }

        assertThat(checked[0]).isGreaterThan(1000);
        assertThat(checked[1]).as("decisions where only a page is possible").isPositive();
    }

    @Test
    void shouldNeverOfferAnEscalationWithoutSpecialists() {
        EpisodeRunner runner = IncidentRuns.runner(IncidentRuns.parameters(dir, "escalation:\n  specialists: 0\n"),
                IncidentRuns.named("random"), 5);

        IncidentRuns.Result result = IncidentRuns.run(runner, 0, d -> {
            for (int k = 0; k < TriageAction.SLOTS; k++) {
                assertThat(d.allowed(TriageAction.escalate(k))).isFalse();
            }
        });

        assertThat(result.steps()).isPositive();
        assertThat(result.component("escalation")).isZero();
    }

    @Test
    void shouldFallBackToHold() {
        Decision decision = new Decision(0, 0, Map.of(), new boolean[1 + 2 * TriageAction.SLOTS]);

        assertThat(IncidentRuns.SCENARIO.fallbackAction(decision)).isEqualTo(TriageAction.HOLD);
    }
}
