package io.mdpstream.sim.scenarios.incident;

import io.mdpstream.sim.params.Categorical;
import io.mdpstream.sim.params.Distribution;
import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.params.Seasonality;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The parameters of one incident-triage episode, read once and typed: rates, distributions by
 * severity, the service catalogue, the on-call schedule, escalation, SLA and cost figures.
 * Immutable after construction; one per episode, because randomised values differ per episode.
 */
final class IncidentSettings {

    /** Severity names, most severe first; index 0 is SEV1. */
    static final String[] SEVERITIES = {"sev1", "sev2", "sev3", "sev4"};
    static final int MAX_SERVICES = 8;
    static final int MAX_ENGINEERS = 256;
    static final int MAX_SPECIALISTS = 32;

    static final ParameterSpec SPEC = buildSpec();

    final double horizonSeconds;
    final double alertRatePerHour;
    final Seasonality seasonality;
    final double[] severityCumulative;
    final Distribution[] ruleNoiseRate;
    final Distribution noiseClearMinutes;

    final String[] serviceNames;
    final double[] serviceCumulative;
    final double[] downtimeWeight;
    final double[] complexity;

    final Distribution[] workMinutes;
    final Distribution triageMinutes;
    final double nightSlowdown;
    final int nightStartHour;
    final int nightEndHour;

    final int primaryOncall;
    final Shift[] shifts;
    final double reviewSeconds;

    final int specialists;
    final double speedup;
    final Distribution responseMinutes;
    final double pageCost;
    final double nightPageMultiplier;

    final double[] slaTargetSeconds = new double[4];
    final double[] breachPenalty = new double[4];
    final double[] downtimePerMinute = new double[4];
    final double accrualSeconds;

    final double rootWorkMultiplier;
    final double[] symptomSeverityCumulative;
    final Distribution recoveryMinutes;
    final double[] flappingSeverityCumulative;
    final Distribution flappingNoiseRate;

    IncidentSettings(Parameters p) {
        horizonSeconds = p.number("horizon_hours") * 3600;
        alertRatePerHour = p.number("alerts.rate_per_hour");
        seasonality = p.seasonality("alerts.seasonality");
        Categorical mix = p.categorical("alerts.severity_mix");
        if (!new TreeSet<>(mix.names()).equals(new TreeSet<>(List.of(SEVERITIES)))) {
            throw new ParameterException("alerts.severity_mix: needs a weight for each of sev1, sev2, sev3, sev4"
                    + " (a weight may be 0), got " + mix.names());
        }
        severityCumulative = cumulative(mix, "alerts.severity_mix");
        ruleNoiseRate = bySeverity(p.distributionsBy("alerts.rule_noise_rate"));
        noiseClearMinutes = p.distribution("alerts.noise_clear_minutes");

        List<Parameters> services = p.list("services");
        if (services.isEmpty() || services.size() > MAX_SERVICES) {
            throw new ParameterException("services: needs 1 to " + MAX_SERVICES + " services, got " + services.size());
        }
        int n = services.size();
        serviceNames = new String[n];
        serviceCumulative = new double[n];
        downtimeWeight = new double[n];
        complexity = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Parameters service = services.get(i);
            serviceNames[i] = service.text("name");
            sum += service.number("weight");
            serviceCumulative[i] = sum;
            downtimeWeight[i] = service.number("downtime_weight");
            complexity[i] = service.number("complexity");
        }
        if (sum <= 0) {
            throw new ParameterException("services: the weights must not all be zero");
        }

        workMinutes = bySeverity(p.distributionsBy("work.minutes"));
        triageMinutes = p.distribution("work.triage_minutes");
        nightSlowdown = p.number("work.night_slowdown");
        nightStartHour = p.intValue("work.night_start_hour");
        nightEndHour = p.intValue("work.night_end_hour");

        primaryOncall = p.intValue("team.primary_oncall");
        List<Parameters> shiftList = p.list("team.shifts");
        shifts = new Shift[shiftList.size()];
        int engineers = primaryOncall;
        for (int i = 0; i < shifts.length; i++) {
            Parameters s = shiftList.get(i);
            shifts[i] = new Shift(s.text("name"), s.intValue("engineers"), s.intValue("start_hour"), s.intValue("end_hour"),
                    s.flag("weekdays_only"));
            engineers += shifts[i].engineers();
        }
        if (engineers > MAX_ENGINEERS) {
            throw new ParameterException("team.shifts: at most " + MAX_ENGINEERS + " engineers in all, got " + engineers);
        }
        reviewSeconds = p.number("triage.review_minutes") * 60;

        specialists = p.intValue("escalation.specialists");
        speedup = p.number("escalation.speedup");
        responseMinutes = p.distribution("escalation.response_minutes");
        pageCost = p.number("escalation.page_cost");
        nightPageMultiplier = p.number("escalation.night_multiplier");

        for (int s = 0; s < 4; s++) {
            slaTargetSeconds[s] = p.number("sla.target_minutes." + SEVERITIES[s]) * 60;
            breachPenalty[s] = p.number("sla.breach_penalty." + SEVERITIES[s]);
            downtimePerMinute[s] = p.number("cost.downtime_per_minute." + SEVERITIES[s]);
        }
        accrualSeconds = p.number("cost.accrual_minutes") * 60;

        rootWorkMultiplier = p.number("cascade.root_work_multiplier");
        symptomSeverityCumulative = cumulative(p.categorical("cascade.symptom_severity"), "cascade.symptom_severity");
        recoveryMinutes = p.distribution("cascade.recovery_minutes");
        flappingSeverityCumulative = cumulative(p.categorical("flapping.severity_mix"), "flapping.severity_mix");
        flappingNoiseRate = p.distribution("flapping.rule_noise_rate");
    }

    int totalEngineers() {
        int total = primaryOncall;
        for (Shift shift : shifts) {
            total += shift.engineers();
        }
        return total;
    }

    /** A severity index (0 = SEV1) drawn from cumulative weights over the four severities. */
    static int sampleSeverity(double[] cumulative, RandomGenerator random) {
        return sampleIndex(cumulative, random);
    }

    int sampleService(RandomGenerator random) {
        return sampleIndex(serviceCumulative, random);
    }

    /** A service other than {@code excluded} when there is one: symptoms of a cascade show up downstream. */
    int sampleOtherService(int excluded, RandomGenerator random) {
        if (serviceNames.length == 1) {
            return 0;
        }
        double excludedWeight = serviceCumulative[excluded] - (excluded == 0 ? 0 : serviceCumulative[excluded - 1]);
        double total = serviceCumulative[serviceCumulative.length - 1] - excludedWeight;
        if (total <= 0) {
            return (excluded + 1 + random.nextInt(serviceNames.length - 1)) % serviceNames.length;
        }
        double u = random.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < serviceCumulative.length; i++) {
            if (i == excluded) {
                continue;
            }
            acc += serviceCumulative[i] - (i == 0 ? 0 : serviceCumulative[i - 1]);
            if (u < acc) {
                return i;
            }
        }
        return excluded == serviceNames.length - 1 ? serviceNames.length - 2 : serviceNames.length - 1;
    }

    /** Whether {@code hour} (UTC) falls in the night window, which may wrap past midnight. */
    boolean isNight(int hour) {
        if (nightStartHour == nightEndHour) {
            return false;
        }
        return nightStartHour < nightEndHour ? hour >= nightStartHour && hour < nightEndHour
                : hour >= nightStartHour || hour < nightEndHour;
    }

    /** A false-positive share drawn for a rule, kept within [0, 1]. */
    static double rate(Distribution distribution, RandomGenerator random) {
        return Math.min(1.0, Math.max(0.0, distribution.sample(random)));
    }

    private static int sampleIndex(double[] cumulative, RandomGenerator random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Cumulative weights over the four severities of a categorical that names some of them. */
    private static double[] cumulative(Categorical categorical, String path) {
        double[] weights = new double[4];
        List<String> names = categorical.names();
        for (int i = 0; i < names.size(); i++) {
            int s = List.of(SEVERITIES).indexOf(names.get(i));
            if (s < 0) {
                throw new ParameterException(path + ": unknown severity '" + names.get(i) + "'; use sev1, sev2, sev3, sev4");
            }
            weights[s] += categorical.probability(i);
        }
        double[] cumulative = new double[4];
        double sum = 0;
        for (int s = 0; s < 4; s++) {
            sum += weights[s];
            cumulative[s] = sum;
        }
        return cumulative;
    }

    private static Distribution[] bySeverity(Map<String, Distribution> byName) {
        Distribution[] distributions = new Distribution[4];
        for (int s = 0; s < 4; s++) {
            distributions[s] = byName.get(SEVERITIES[s]);
        }
        return distributions;
    }

    private static ParameterSpec buildSpec() {
        ParameterSpec service = ParameterSpec.builder()
                .text("name", "service name, e.g. checkout")
                .number("weight", 0, 1e6, "relative share of alerts that fire on this service")
                .number("downtime_weight", 0, 100, "multiplier of the downtime cost per minute (tier-1 services cost more)")
                .number("complexity", 0.1, 10, "multiplier of the hands-on time to resolve an incident on this service")
                .build();
        ParameterSpec shift = ParameterSpec.builder()
                .text("name", "shift label, e.g. emea")
                .integer("engineers", 0, 50, "engineers on this shift")
                .integer("start_hour", 0, 23, "UTC hour the shift starts")
                .integer("end_hour", 0, 24, "UTC hour the shift ends; before start_hour means overnight")
                .flag("weekdays_only", "whether the shift runs Monday to Friday only")
                .build();
        ParameterSpec.Builder b = ParameterSpec.builder()
                .number("horizon_hours", 0.1, 24 * 31, "simulated length of an episode, hours")
                .rate("alerts.rate_per_hour", "mean alerts per hour at seasonality factor 1")
                .seasonality("alerts.seasonality", "hour-of-day and day-of-week profile of alerts (UTC)")
                .categorical("alerts.severity_mix", "share of alerts by severity: sev1, sev2, sev3, sev4")
                .distributionsBy("alerts.rule_noise_rate", "alerts.severity_mix", 0,
                        "false-positive share of the rule that fires an alert, by severity (clamped to [0, 1])")
                .distribution("alerts.noise_clear_minutes", 0, "minutes until a false positive clears by itself")
                .list("services", service, "the services alerts fire on, 1 to " + MAX_SERVICES)
                .distributionsBy("work.minutes", "alerts.severity_mix", 0,
                        "hands-on minutes for a regular engineer to resolve a real incident, by severity")
                .distribution("work.triage_minutes", 0, "minutes an engineer spends to recognise a false positive")
                .number("work.night_slowdown", 1, 5, "work-time multiplier at night (a paged, woken-up responder)")
                .integer("work.night_start_hour", 0, 23, "UTC hour the night starts")
                .integer("work.night_end_hour", 0, 24, "UTC hour the night ends")
                .integer("team.primary_oncall", 1, 5, "primary on-call engineers, reachable 24/7")
                .list("team.shifts", shift, "business-hours responders, e.g. follow-the-sun regions")
                .number("triage.review_minutes", 1, 240, "minutes between reviews of the ticket queue while an engineer is free")
                .integer("escalation.specialists", 0, MAX_SPECIALISTS, "senior engineers / service owners reachable by page")
                .number("escalation.speedup", 0.05, 1, "a specialist's hands-on time as a fraction of a regular engineer's")
                .distribution("escalation.response_minutes", 0, "minutes for a paged specialist to acknowledge and join")
                .number("escalation.page_cost", 0, 1e6, "cost of paging a specialist (their time, the interruption), dollars")
                .number("escalation.night_multiplier", 1, 10, "page-cost multiplier at night");
        for (String s : SEVERITIES) {
            b.number("sla.target_minutes." + s, 1, 1e6, "time-to-resolve target of a " + s + " incident, minutes");
        }
        for (String s : SEVERITIES) {
            b.number("sla.breach_penalty." + s, 0, 1e8, "penalty when a real " + s + " incident misses its target, dollars");
        }
        for (String s : SEVERITIES) {
            b.number("cost.downtime_per_minute." + s, 0, 1e6, "downtime cost of an open real " + s
                    + " incident, dollars per minute (times the service's downtime_weight)");
        }
        return b.number("cost.accrual_minutes", 1, 240, "downtime is booked every this many minutes and at resolution")
                .number("cascade.root_work_multiplier", 0.1, 10, "work-time multiplier of a cascade's root cause")
                .categorical("cascade.symptom_severity", "severity of the correlated alerts of a cascade")
                .distribution("cascade.recovery_minutes", 0, "minutes for a symptom to clear once its root is resolved")
                .categorical("flapping.severity_mix", "severity of the alerts of a flapping monitor")
                .distribution("flapping.rule_noise_rate", 0, "false-positive share shown for a flapping rule")
                .rareEvent("rare.cascading_outage", "a shared dependency fails: a sev1 root and a storm of correlated"
                        + " alerts; magnitude = correlated alerts per minute while it lasts")
                .rareEvent("rare.flapping_monitor", "a misconfigured monitor fires false positives;"
                        + " magnitude = alerts per minute while it lasts")
                .build();
    }
}
