package io.mdpstream.sim.scenarios.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.spi.Decision;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentHeuristicTest {

    private final ScoredPolicy heuristic = IncidentRuns.SCENARIO.heuristic();

    @Test
    void shouldPageASpecialistForASev1AheadOfOlderLowerSeverityWork() {
        Decision decision = decision(new long[] {1, 3, 4}, new double[] {0, 50, 90}, new double[] {0.05, 0.2, 0.1},
                new long[] {0, 0, 0}, true, true);

        assertThat(best(decision)).isEqualTo(TriageAction.escalate(0));
    }

    @Test
    void shouldGiveASev1ToAnEngineerWhenNoSpecialistIsFree() {
        Decision decision = decision(new long[] {1, 2}, new double[] {0, 5}, new double[] {0.05, 0.2},
                new long[] {0, 0}, true, false);

        assertThat(best(decision)).isEqualTo(TriageAction.take(0));
    }

    @Test
    void shouldHoldWhenOnlyYoungAlertsFromNoisyRulesWait() {
        Decision decision = decision(new long[] {3, 4}, new double[] {2, 6}, new double[] {0.7, 0.9},
                new long[] {0, 0}, true, true);

        assertThat(best(decision)).isEqualTo(TriageAction.HOLD);
    }

    @Test
    void shouldTakeANoisyAlertThatHasNotClearedForAWhile() {
        Decision decision = decision(new long[] {3}, new double[] {40}, new double[] {0.7}, new long[] {0}, true, true);

        assertThat(best(decision)).isEqualTo(TriageAction.take(0));
    }

    @Test
    void shouldLeaveSymptomsToClearWithTheirRootAndTakeOtherWork() {
        Decision decision = decision(new long[] {2, 2, 4}, new double[] {3, 4, 10}, new double[] {0.1, 0.1, 0.3},
                new long[] {1, 1, 0}, true, true);

        assertThat(best(decision)).isEqualTo(TriageAction.take(2));
    }

    @Test
    void shouldOnlyProposeValidActions() {
        Decision decision = decision(new long[] {2, 3}, new double[] {3, 4}, new double[] {0.1, 0.1},
                new long[] {0, 0}, false, true);

        assertThat(heuristic.candidates(decision)).allSatisfy(c -> assertThat(decision.allowed((Integer) c.action())).isTrue())
                .extracting(c -> c.action()).contains(TriageAction.HOLD, TriageAction.escalate(0), TriageAction.escalate(1));
    }

    private Object best(Decision decision) {
        return ScoredPolicy.best(heuristic.candidates(decision)).action();
    }

    /** A decision with the given candidates in the first slots and a mask that matches who is free. */
    private static Decision decision(long[] severity, double[] ageMin, double[] noiseRate, long[] linked,
                                     boolean engineerFree, boolean specialistFree) {
        int k = TriageAction.SLOTS;
        long[] candSeverity = new long[k];
        long[] candService = new long[k];
        double[] candAge = new double[k];
        double[] candNoise = new double[k];
        long[] candLinked = new long[k];
        boolean[] mask = new boolean[1 + 2 * k];
        mask[TriageAction.HOLD] = true;
        long[] open = new long[4];
        for (int i = 0; i < severity.length; i++) {
            candSeverity[i] = severity[i];
            candService[i] = 1;
            candAge[i] = ageMin[i];
            candNoise[i] = noiseRate[i];
            candLinked[i] = linked[i];
            open[(int) severity[i] - 1]++;
            mask[TriageAction.take(i)] = engineerFree;
            mask[TriageAction.escalate(i)] = specialistFree;
        }
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put(IncidentObservation.HOUR_OF_DAY, 10);
        obs.put(IncidentObservation.DAY_OF_WEEK, 1);
        obs.put(IncidentObservation.ENGINEERS_ON_DUTY, 3L);
        obs.put(IncidentObservation.ENGINEERS_FREE, engineerFree ? 1L : 0L);
        obs.put(IncidentObservation.SPECIALISTS_ON_CALL, 2L);
        obs.put(IncidentObservation.SPECIALISTS_FREE, specialistFree ? 1L : 0L);
        obs.put(IncidentObservation.OPEN_BY_SEVERITY, open);
        long busy = (engineerFree ? 2 : 3) + (specialistFree ? 1 : 2);
        long rootInProgress = linked[0] == 1 ? 1 : 0;
        obs.put(IncidentObservation.IN_PROGRESS_BY_SEVERITY, new long[] {rootInProgress, 0, 0, busy - rootInProgress});
        obs.put(IncidentObservation.OVER_TARGET, 0L);
        obs.put(IncidentObservation.ALERTS_LAST_HOUR, 8L);
        obs.put(IncidentObservation.LONGEST_IN_PROGRESS_MIN, 12.0);
        obs.put(IncidentObservation.CAND_SEVERITY, candSeverity);
        obs.put(IncidentObservation.CAND_SERVICE, candService);
        obs.put(IncidentObservation.CAND_AGE_MIN, candAge);
        obs.put(IncidentObservation.CAND_NOISE_RATE, candNoise);
        obs.put(IncidentObservation.CAND_LINKED, candLinked);
        assertThat(IncidentRuns.SCENARIO.observationSpace().violation(obs, "observation")).isNull();
        for (var invariant : IncidentRuns.SCENARIO.invariants()) {
            assertThat(invariant.violation(obs)).as(invariant.name()).isNull();
        }
        return new Decision(0, 0, obs, mask);
    }
}
