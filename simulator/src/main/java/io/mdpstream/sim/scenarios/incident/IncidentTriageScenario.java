package io.mdpstream.sim.scenarios.incident;

import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_AGE_MIN;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_LINKED;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_NOISE_RATE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_SERVICE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.ENGINEERS_FREE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.ENGINEERS_ON_DUTY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.IN_PROGRESS_BY_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.LONGEST_IN_PROGRESS_MIN;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.OPEN_BY_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.OVER_TARGET;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.SPECIALISTS_FREE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.SPECIALISTS_ON_CALL;

import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.space.Text;
import io.mdpstream.sim.spi.CausalModel;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.util.List;
import java.util.Map;

/**
 * IT incident triage for an SRE team: alerts of four severities fire on a set of services (more in
 * business hours and deploy windows, some of them false positives that clear by themselves,
 * storms of correlated alerts when a shared dependency fails); a primary on-call and
 * follow-the-sun shifts work them, and senior specialists can be paged to resolve faster at a
 * cost. At each decision the desk picks which of the five most important open alerts to take
 * next and whether to escalate it, or holds. Rewards are downtime cost, SLA-breach penalties and
 * paging cost, in dollars.
 *
 * <p>Immutable and thread-safe; the state of a run lives in its episodes.
 */
public final class IncidentTriageScenario implements Scenario {

    private static final String VERSION = "1.0.0";
    private static final int K = TriageAction.SLOTS;
    private static final Dict RESOLUTION_RECORD = Dict.builder()
            .add("alert_id", Box.integer(0, Long.MAX_VALUE), "alert number within the episode")
            .add("severity", Box.integer(1, 4), "1 = SEV1 .. 4 = SEV4")
            .add("service", new Text(64), "service the alert fired on")
            .add("false_positive", new Discrete(2), "1 when the alert was noise")
            .add("symptom", new Discrete(2), "1 when it was a symptom of a cascading failure")
            .add("outcome", new Text(16), "worked, escalated or auto_cleared")
            .add("minutes_open", Box.continuous(0, Double.POSITIVE_INFINITY), "minutes from firing to resolution")
            .add("sla_breached", new Discrete(2), "1 when a real incident missed its time-to-resolve target")
            .build();

    @Override
    public String name() {
        return "incidents";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String description() {
        return "SRE incident triage: seasonal alerts with noise, on-call shifts, escalation, SLAs and cascading outages";
    }

    @Override
    public Dict observationSpace() {
        return IncidentObservation.SPACE;
    }

    @Override
    public Space actionSpace() {
        return TriageAction.SPACE;
    }

    @Override
    public ParameterSpec parameterSpec() {
        return IncidentSettings.SPEC;
    }

    @Override
    public Map<String, Dict> sideStreams() {
        return Map.of(IncidentEpisode.RESOLUTIONS, RESOLUTION_RECORD);
    }

    /** A decision's reward comes when its incident resolves or at the end: within the longest horizon (31 days). */
    @Override
    public java.time.Duration maxRewardDelay() {
        return java.time.Duration.ofDays(31);
    }

    @Override
    public CausalModel causalModel() {
        return CausalModel.builder()
                .influences("action", ENGINEERS_FREE, ENGINEERS_ON_DUTY, SPECIALISTS_FREE, OPEN_BY_SEVERITY,
                        IN_PROGRESS_BY_SEVERITY, OVER_TARGET, LONGEST_IN_PROGRESS_MIN, CAND_SEVERITY, CAND_SERVICE,
                        CAND_AGE_MIN, CAND_NOISE_RATE, CAND_LINKED)
                .exogenous("alerts_arrived", "cascade_alerts_arrived", "engineers_on_shift",
                        IncidentObservation.ALERTS_LAST_HOUR, IncidentObservation.HOUR_OF_DAY,
                        IncidentObservation.DAY_OF_WEEK, SPECIALISTS_ON_CALL)
                .build();
    }

    @Override
    public List<Invariant> invariants() {
        return List.of(
                new Invariant("free_within_on_duty", obs -> {
                    long free = (Long) obs.get(ENGINEERS_FREE);
                    long duty = (Long) obs.get(ENGINEERS_ON_DUTY);
                    long specialistsFree = (Long) obs.get(SPECIALISTS_FREE);
                    long specialists = (Long) obs.get(SPECIALISTS_ON_CALL);
                    if (free > duty) {
                        return free + " engineers free but only " + duty + " on duty";
                    }
                    return specialistsFree > specialists ? specialistsFree + " specialists free of " + specialists : null;
                }),
                new Invariant("one_worker_per_incident", obs -> {
                    long busy = (Long) obs.get(ENGINEERS_ON_DUTY) - (Long) obs.get(ENGINEERS_FREE)
                            + (Long) obs.get(SPECIALISTS_ON_CALL) - (Long) obs.get(SPECIALISTS_FREE);
                    long worked = sum((long[]) obs.get(IN_PROGRESS_BY_SEVERITY));
                    return worked == busy ? null : worked + " alerts in progress but " + busy + " people busy";
                }),
                new Invariant("candidates_are_the_top_open_alerts", IncidentTriageScenario::candidateViolation),
                new Invariant("linked_only_under_open_sev1", obs -> {
                    long[] linked = (long[]) obs.get(CAND_LINKED);
                    long sev1 = ((long[]) obs.get(OPEN_BY_SEVERITY))[0] + ((long[]) obs.get(IN_PROGRESS_BY_SEVERITY))[0];
                    return sum(linked) > 0 && sev1 == 0 ? "a candidate is linked to a root incident but no sev1 is unresolved"
                            : null;
                }));
    }

    private static String candidateViolation(Map<String, Object> obs) {
        long[] severity = (long[]) obs.get(CAND_SEVERITY);
        long[] service = (long[]) obs.get(CAND_SERVICE);
        double[] age = (double[]) obs.get(CAND_AGE_MIN);
        double[] noise = (double[]) obs.get(CAND_NOISE_RATE);
        long[] linked = (long[]) obs.get(CAND_LINKED);
        long open = sum((long[]) obs.get(OPEN_BY_SEVERITY));
        int filled = 0;
        for (int k = 0; k < K; k++) {
            if (severity[k] == 0) {
                if (service[k] != 0 || age[k] != 0 || noise[k] != 0 || linked[k] != 0) {
                    return "empty candidate slot " + k + " has values";
                }
                continue;
            }
            if (filled != k) {
                return "candidate slot " + k + " is filled after an empty one";
            }
            if (k > 0 && severity[k] < severity[k - 1]) {
                return "candidate slot " + k + " is more severe than slot " + (k - 1);
            }
            if (service[k] == 0) {
                return "candidate slot " + k + " has no service";
            }
            filled++;
        }
        return filled == Math.min(K, open) ? null : filled + " candidates shown but " + open + " alerts open";
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    @Override
    public Episode newEpisode(EpisodeContext context) {
        return new IncidentEpisode(context);
    }

    @Override
    public ScoredPolicy heuristic() {
        return new TriageHeuristic(VERSION);
    }

    /** Hold: always valid, and it changes nothing but time. */
    @Override
    public Object fallbackAction(Decision decision) {
        return TriageAction.HOLD;
    }
}
