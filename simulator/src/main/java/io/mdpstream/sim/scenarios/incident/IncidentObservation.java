package io.mdpstream.sim.scenarios.incident;

import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;

/**
 * The names and the space of the observation: the calendar, staffing, queue counts and the few
 * most important open alerts (candidate slots, most severe then oldest first; empty slots are all
 * zero). Stateless.
 */
final class IncidentObservation {

    static final String HOUR_OF_DAY = "hour_of_day";
    static final String DAY_OF_WEEK = "day_of_week";
    static final String ENGINEERS_ON_DUTY = "engineers_on_duty";
    static final String ENGINEERS_FREE = "engineers_free";
    static final String SPECIALISTS_ON_CALL = "specialists_on_call";
    static final String SPECIALISTS_FREE = "specialists_free";
    static final String OPEN_BY_SEVERITY = "open_by_severity";
    static final String IN_PROGRESS_BY_SEVERITY = "in_progress_by_severity";
    static final String OVER_TARGET = "over_target";
    static final String ALERTS_LAST_HOUR = "alerts_last_hour";
    static final String LONGEST_IN_PROGRESS_MIN = "longest_in_progress_min";
    static final String CAND_SEVERITY = "cand_severity";
    static final String CAND_SERVICE = "cand_service";
    static final String CAND_AGE_MIN = "cand_age_min";
    static final String CAND_NOISE_RATE = "cand_noise_rate";
    static final String CAND_LINKED = "cand_linked";

    private static final int K = TriageAction.SLOTS;
    private static final int WORKERS = IncidentSettings.MAX_ENGINEERS + IncidentSettings.MAX_SPECIALISTS;

    static final Dict SPACE = Dict.builder()
            .add(HOUR_OF_DAY, new Discrete(24), "UTC hour of day")
            .add(DAY_OF_WEEK, new Discrete(7), "UTC day of week, 0 = Monday")
            .add(ENGINEERS_ON_DUTY, Box.integer(0, IncidentSettings.MAX_ENGINEERS),
                    "engineers on shift, plus off-shift ones still finishing an incident")
            .add(ENGINEERS_FREE, Box.integer(0, IncidentSettings.MAX_ENGINEERS), "engineers on shift and idle")
            .add(SPECIALISTS_ON_CALL, Box.integer(0, IncidentSettings.MAX_SPECIALISTS), "specialists reachable by page")
            .add(SPECIALISTS_FREE, Box.integer(0, IncidentSettings.MAX_SPECIALISTS), "specialists not engaged on an incident")
            .add(OPEN_BY_SEVERITY, Box.integerVector(4, 0, 1_000_000), "unassigned open alerts by severity, sev1 first")
            .add(IN_PROGRESS_BY_SEVERITY, Box.integerVector(4, 0, WORKERS), "alerts being worked on by severity, sev1 first")
            .add(OVER_TARGET, Box.integer(0, 1_000_000), "unresolved alerts older than their severity's time-to-resolve target")
            .add(ALERTS_LAST_HOUR, Box.integer(0, 1_000_000), "alerts fired in the last 60 minutes")
            .add(LONGEST_IN_PROGRESS_MIN, Box.continuous(0, Double.POSITIVE_INFINITY),
                    "minutes since the longest-running piece of work started; 0 when nothing is in progress")
            .add(CAND_SEVERITY, Box.integerVector(K, 0, 4), "severity of each candidate, 1 = SEV1 .. 4 = SEV4; 0 = empty slot")
            .add(CAND_SERVICE, Box.integerVector(K, 0, IncidentSettings.MAX_SERVICES),
                    "service of each candidate, 1-based index into the services parameter; 0 = empty slot")
            .add(CAND_AGE_MIN, Box.vector(K, 0, Double.POSITIVE_INFINITY), "minutes since each candidate fired")
            .add(CAND_NOISE_RATE, Box.vector(K, 0, 1), "historical false-positive share of each candidate's alert rule")
            .add(CAND_LINKED, Box.integerVector(K, 0, 1),
                    "1 when alert grouping shows the candidate under an unresolved root incident")
            .build();

    private IncidentObservation() {
    }
}
