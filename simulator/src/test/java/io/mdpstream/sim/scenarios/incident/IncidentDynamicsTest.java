package io.mdpstream.sim.scenarios.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.EpisodeRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mechanisms the scenario claims, each measured on paired episodes (same seeds). */
class IncidentDynamicsTest {

    private static final int EPISODES = 20;
    private static final String NO_RARE_EVENTS = """
            rare:
              cascading_outage: {rate_per_day: 0, magnitude: 1, duration_minutes: 10}
              flapping_monitor: {rate_per_day: 0, magnitude: 1, duration_minutes: 10}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldResolveSev1FasterWhenEscalatedToASpecialist() {
        ParameterSet many = IncidentRuns.parameters(dir, NO_RARE_EVENTS
                + "alerts:\n  severity_mix: {sev1: 0.15, sev2: 0.15, sev3: 0.35, sev4: 0.35}\n");

        List<IncidentRuns.Result> engineers = runAll(many, IncidentRuns.topCandidate(0));
        List<IncidentRuns.Result> paged = runAll(many, IncidentRuns.topCandidate(1));

        Predicate<Map<String, Object>> realSev1 = r -> (Long) r.get("severity") == 1 && (Integer) r.get("false_positive") == 0;
        assertThat(meanMinutesOpen(paged, realSev1)).isLessThan(0.75 * meanMinutesOpen(engineers, realSev1));
        assertThat(sum(paged, r -> r.component("escalation"))).isNegative();
        assertThat(sum(engineers, r -> r.component("escalation"))).isZero();
        // Penalties are negative: fewer breaches is a larger sum.
        assertThat(sum(paged, r -> r.component("sla_breach"))).isGreaterThan(sum(engineers, r -> r.component("sla_breach")));
    }

    @Test
    void shouldBreachMoreSlasWhenOnlyThePrimaryIsOnCall() {
        ParameterSet full = IncidentRuns.parameters(dir, NO_RARE_EVENTS);
        ParameterSet primaryOnly = IncidentRuns.parameters(dir, NO_RARE_EVENTS + "team:\n  shifts: []\n");

        List<IncidentRuns.Result> staffed = runAll(full, IncidentRuns.named("heuristic"));
        List<IncidentRuns.Result> thin = runAll(primaryOnly, IncidentRuns.named("heuristic"));

        assertThat(sum(thin, r -> r.component("sla_breach"))).isLessThan(sum(staffed, r -> r.component("sla_breach")));
        assertThat(sum(thin, IncidentRuns.Result::episodeReturn)).isLessThan(sum(staffed, IncidentRuns.Result::episodeReturn));
    }

    @Test
    void shouldCostMoreWhenCascadingOutagesHit() {
        ParameterSet calm = IncidentRuns.parameters(dir, NO_RARE_EVENTS);
        ParameterSet stormy = IncidentRuns.parameters(dir, """
                rare:
                  cascading_outage: {rate_per_day: 3, magnitude: 0.7, duration_minutes: 20}
                  flapping_monitor: {rate_per_day: 0, magnitude: 1, duration_minutes: 10}
                """);

        double calmReturn = sum(runAll(calm, IncidentRuns.named("heuristic")), IncidentRuns.Result::episodeReturn);
        double stormyReturn = sum(runAll(stormy, IncidentRuns.named("heuristic")), IncidentRuns.Result::episodeReturn);

        assertThat(stormyReturn).isLessThan(calmReturn);
    }

    @Test
    void shouldClearCascadeSymptomsWhenTheRootIsResolvedAndShowThemLinked() {
        ParameterSet stormy = IncidentRuns.parameters(dir, """
                rare:
                  cascading_outage: {rate_per_day: 4, magnitude: 0.8, duration_minutes: 20}
                """);
        long[] linkedSeen = {0};
        List<IncidentRuns.Result> results = new ArrayList<>();
        EpisodeRunner runner = IncidentRuns.runner(stormy, IncidentRuns.named("heuristic"), 7);
        for (int i = 0; i < EPISODES; i++) {
            results.add(IncidentRuns.run(runner, i, d -> {
                for (long linked : (long[]) d.observation().get(IncidentObservation.CAND_LINKED)) {
                    linkedSeen[0] += linked;
                }
            }));
        }

        long symptoms = count(results, r -> (Integer) r.get("symptom") == 1);
        long cleared = count(results, r -> (Integer) r.get("symptom") == 1 && "auto_cleared".equals(r.get("outcome")));
        assertThat(symptoms).isGreaterThan(50);
        assertThat(cleared).isGreaterThan(symptoms / 2);
        assertThat(linkedSeen[0]).isPositive();
    }

    @Test
    void shouldLetFalsePositivesClearThemselvesUnderTheHeuristic() {
        ParameterSet defaults = IncidentRuns.parameters(dir, null);

        List<IncidentRuns.Result> heuristic = runAll(defaults, IncidentRuns.named("heuristic"));
        List<IncidentRuns.Result> takeEverything = runAll(defaults, IncidentRuns.topCandidate(0));

        Predicate<Map<String, Object>> noiseWorked = r -> (Integer) r.get("false_positive") == 1
                && !"auto_cleared".equals(r.get("outcome"));
        Predicate<Map<String, Object>> noise = r -> (Integer) r.get("false_positive") == 1;
        assertThat(count(heuristic, noiseWorked)).isLessThan(count(takeEverything, noiseWorked));
        assertThat(count(heuristic, noiseWorked)).isLessThan(count(heuristic, noise) / 2);
    }

    @Test
    void shouldFireMoreAlertsInBusinessHoursThanAtNight() {
        EpisodeRunner runner = IncidentRuns.runner(IncidentRuns.parameters(dir, NO_RARE_EVENTS),
                IncidentRuns.named("heuristic"), 3);
        double[] sum = new double[24];
        int[] n = new int[24];
        for (int i = 0; i < 40; i++) {
            IncidentRuns.run(runner, i, d -> {
                int hour = (Integer) d.observation().get(IncidentObservation.HOUR_OF_DAY);
                sum[hour] += (Long) d.observation().get(IncidentObservation.ALERTS_LAST_HOUR);
                n[hour]++;
            });
        }

        double afternoon = (sum[15] + sum[16]) / (n[15] + n[16]);
        double night = (sum[2] + sum[3] + sum[4]) / (n[2] + n[3] + n[4]);
        assertThat(afternoon).isGreaterThan(2 * night);
    }

    @Test
    void shouldReproduceAnEpisodeFromItsSeed() {
        EpisodeRunner runner = IncidentRuns.runner(IncidentRuns.parameters(dir, null), IncidentRuns.named("softmax:0.5"), 11);

        IncidentRuns.Result first = IncidentRuns.run(runner, 4);
        IncidentRuns.Result second = IncidentRuns.run(runner, 4);

        assertThat(second.episodeReturn()).isEqualTo(first.episodeReturn());
        assertThat(second.steps()).isEqualTo(first.steps());
        assertThat(second.resolutions()).isEqualTo(first.resolutions());
    }

    private static List<IncidentRuns.Result> runAll(ParameterSet parameters, Policy policy) {
        EpisodeRunner runner = IncidentRuns.runner(parameters, policy, 2026);
        List<IncidentRuns.Result> results = new ArrayList<>();
        for (int i = 0; i < EPISODES; i++) {
            results.add(IncidentRuns.run(runner, i));
        }
        return results;
    }

    private static double sum(List<IncidentRuns.Result> results, java.util.function.ToDoubleFunction<IncidentRuns.Result> f) {
        return results.stream().mapToDouble(f).sum();
    }

    private static long count(List<IncidentRuns.Result> results, Predicate<Map<String, Object>> which) {
        return results.stream().flatMap(r -> r.resolutions().stream()).filter(which).count();
    }

    private static double meanMinutesOpen(List<IncidentRuns.Result> results, Predicate<Map<String, Object>> which) {
        return results.stream().flatMap(r -> r.resolutions().stream()).filter(which)
                .mapToDouble(r -> (Double) r.get("minutes_open")).average().orElseThrow();
    }
}
