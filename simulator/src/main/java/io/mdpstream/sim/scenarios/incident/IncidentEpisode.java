package io.mdpstream.sim.scenarios.incident;

import static io.mdpstream.sim.scenarios.incident.IncidentObservation.ALERTS_LAST_HOUR;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_AGE_MIN;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_LINKED;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_NOISE_RATE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_SERVICE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.DAY_OF_WEEK;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.ENGINEERS_FREE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.ENGINEERS_ON_DUTY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.HOUR_OF_DAY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.IN_PROGRESS_BY_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.LONGEST_IN_PROGRESS_MIN;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.OPEN_BY_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.OVER_TARGET;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.SPECIALISTS_FREE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.SPECIALISTS_ON_CALL;

import io.mdpstream.sim.kernel.EventHandle;
import io.mdpstream.sim.params.RareEventSpec;
import io.mdpstream.sim.spi.DesEpisode;
import io.mdpstream.sim.spi.EpisodeContext;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One run of the triage desk. Alerts fire (seasonal Poisson arrivals, cascades and flapping
 * monitors as rare events); engineers follow their shifts. A decision is requested when a sev1 or
 * sev2 pages and someone could respond, when an engineer becomes free while alerts wait, and at the
 * periodic review of the ticket queue (where sev3 and sev4 alerts land, and which a hold defers).
 * Downtime cost accrues while real incidents are unresolved.
 *
 * <p>Not thread-safe: one thread drives an episode.
 */
final class IncidentEpisode extends DesEpisode {

    static final String CASCADE = "rare.cascading_outage";
    static final String FLAPPING = "rare.flapping_monitor";
    static final String RESOLUTIONS = "resolutions";

    private static final int K = TriageAction.SLOTS;

    private final IncidentSettings s;
    private final ArrayList<Alert> open = new ArrayList<>();
    private final ArrayList<Alert> inProgress = new ArrayList<>();
    /** Firing times within the last hour, oldest first. */
    private final ArrayDeque<Double> recentFirings = new ArrayDeque<>();
    private final Staff staff;
    private final Alert[] slots = new Alert[K];
    private final ArrayList<Storm> storms = new ArrayList<>(2);
    private final Bill bill = new Bill();
    private EventHandle review;
    private long alertsFired;
    private long cascadeAlertsFired;
    private int engineersOnShift = -1;

    IncidentEpisode(EpisodeContext context) {
        this(context, new IncidentSettings(context.parameters()));
    }

    private IncidentEpisode(EpisodeContext context, IncidentSettings settings) {
        super(context, settings.horizonSeconds);
        this.s = settings;
        this.staff = new Staff(settings);
    }

    // ---- world events ------------------------------------------------------------------

    @Override
    protected void start() {
        updateShifts();
        ZonedDateTime t = instant().atZone(ZoneOffset.UTC);
        double intoHour = t.getMinute() * 60 + t.getSecond() + t.getNano() / 1e9;
        // One second past the hour, so rounding of simulated nanoseconds never reads the previous hour.
        simulation().scheduleAfter(3600 - intoHour + 1, this::shiftTick);
        simulation().scheduleAfter(s.accrualSeconds, this::accrualTick);
        scheduleArrival();
    }

    private void scheduleArrival() {
        double delay = nextArrivalDelay(s.alertRatePerHour, s.seasonality, random("arrivals"));
        if (Double.isFinite(delay)) {
            simulation().scheduleAfter(delay, this::arrive);
        }
    }

    private void arrive() {
        RandomGenerator attributes = random("alert_attributes");
        int severity = IncidentSettings.sampleSeverity(s.severityCumulative, attributes);
        int service = s.sampleService(attributes);
        double noiseRate = IncidentSettings.rate(s.ruleNoiseRate[severity], attributes);
        boolean falsePositive = attributes.nextDouble() < noiseRate;
        RandomGenerator work = random("work");
        double workMinutes = s.workMinutes[severity].sample(work) * s.complexity[service];
        double triageMinutes = s.triageMinutes.sample(work);
        double clearMinutes = s.noiseClearMinutes.sample(random("noise"));
        double responseMinutes = s.responseMinutes.sample(random("escalation"));
        fire(new Alert(alertsFired, severity, service, noiseRate, falsePositive, now(), workMinutes, triageMinutes,
                clearMinutes, responseMinutes, null));
        scheduleArrival();
    }

    private void fire(Alert alert) {
        alertsFired++;
        recordExogenous("alerts_arrived", alertsFired);
        recentFirings.addLast(now());
        forgetOldFirings();
        open.add(alert);
        if (alert.falsePositive) {
            alert.clear = simulation().scheduleCancellableAfter(alert.clearMinutes * 60, () -> clear(alert));
        } else if (alert.root != null && alert.root.state == Alert.RESOLVED) {
            scheduleRecovery(alert);
        }
        if (alert.severity <= 1) {
            // Sev1 and sev2 page: someone looks at once.
            if (staff.freeEngineers() > 0 || staff.freeSpecialists() > 0) {
                requestDecision();
            }
        } else if (staff.freeEngineers() > 0) {
            // Sev3 and sev4 land in the ticket queue, which a free engineer reviews periodically.
            scheduleReview();
        }
    }

    /** A false positive cleared by itself, or a symptom recovered after its root was fixed. */
    private void clear(Alert alert) {
        alert.clear = null;
        resolve(alert);
    }

    private void scheduleRecovery(Alert symptom) {
        symptom.clearing = true;
        symptom.clear = simulation().scheduleCancellableAfter(symptom.clearMinutes * 60, () -> clear(symptom));
    }

    private void resolve(Alert alert) {
        if (alert.state == Alert.RESOLVED) {
            return;
        }
        simulation().cancel(alert.done);
        simulation().cancel(alert.clear);
        boolean freed = alert.state == Alert.IN_PROGRESS;
        if (freed) {
            inProgress.remove(alert);
            staff.release(alert);
        } else {
            open.remove(alert);
        }
        int step = creditStep(alert);
        alert.state = Alert.RESOLVED;
        if (alert.real() && step >= 0) {
            accrue(alert, step);
            checkBreach(alert, step);
        }
        payBill();
        if (alert.root == null) {
            recoverSymptomsOf(alert);
        }
        emitResolution(alert, freed);
        if (freed) {
            offerWork();
        }
    }

    private void recoverSymptomsOf(Alert root) {
        for (ArrayList<Alert> list : List.of(open, inProgress)) {
            for (Alert alert : list) {
                if (alert.root == root && !alert.clearing) {
                    scheduleRecovery(alert);
                }
            }
        }
    }

    private void shiftTick() {
        updateShifts();
        simulation().scheduleAfter(3600, this::shiftTick);
    }

    private void updateShifts() {
        boolean someoneArrived = staff.updateShifts(instant().atZone(ZoneOffset.UTC));
        int count = staff.engineersOnShift();
        if (count != engineersOnShift) {
            engineersOnShift = count;
            recordExogenous("engineers_on_shift", count);
        }
        if (someoneArrived) {
            offerWork();
        }
    }

    private void accrualTick() {
        int current = currentStep();
        if (current >= 0) {
            for (Alert alert : inProgress) {
                if (alert.real()) {
                    accrue(alert, alert.assignedStep);
                    checkBreach(alert, alert.assignedStep);
                }
            }
            for (Alert alert : open) {
                if (alert.real()) {
                    int step = creditStep(alert);
                    accrue(alert, step);
                    checkBreach(alert, step);
                }
            }
            payBill();
        }
        simulation().scheduleAfter(s.accrualSeconds, this::accrualTick);
    }

    @Override
    protected void onHorizon() {
        if (currentStep() < 0) {
            return;
        }
        for (ArrayList<Alert> list : List.of(inProgress, open)) {
            for (Alert alert : list) {
                if (alert.real()) {
                    int step = creditStep(alert);
                    accrue(alert, step);
                    checkBreach(alert, step);
                }
            }
        }
        payBill();
    }

    // ---- rare events -------------------------------------------------------------------

    @Override
    protected void onRareEventStart(RareEventSpec event, double magnitude) {
        if (!(magnitude > 0)) {
            return;
        }
        Storm storm;
        if (event.name().equals(CASCADE)) {
            RandomGenerator r = random("cascade");
            int service = s.sampleService(r);
            double noiseRate = IncidentSettings.rate(s.ruleNoiseRate[0], r);
            double work = s.workMinutes[0].sample(r) * s.complexity[service] * s.rootWorkMultiplier;
            Alert root = new Alert(alertsFired, 0, service, noiseRate, false, now(), work, s.triageMinutes.sample(r), 0,
                    s.responseMinutes.sample(r), null);
            storm = new Storm(event.name(), magnitude, root, service, 0, 0);
            fireCascadeAlert(root);
        } else if (event.name().equals(FLAPPING)) {
            RandomGenerator r = random("flapping");
            int severity = IncidentSettings.sampleSeverity(s.flappingSeverityCumulative, r);
            storm = new Storm(event.name(), magnitude, null, s.sampleService(r), severity,
                    IncidentSettings.rate(s.flappingNoiseRate, r));
        } else {
            return;
        }
        storms.add(storm);
        scheduleStormAlert(storm);
    }

    @Override
    protected void onRareEventEnd(RareEventSpec event, double magnitude) {
        for (int i = 0; i < storms.size(); i++) {
            Storm storm = storms.get(i);
            if (storm.kind.equals(event.name()) && storm.alertsPerMinute == magnitude) {
                simulation().cancel(storm.next);
                storms.remove(i);
                return;
            }
        }
    }

    private void scheduleStormAlert(Storm storm) {
        RandomGenerator r = random(storm.isCascade() ? "cascade" : "flapping");
        double gapSeconds = r.nextExponential() / storm.alertsPerMinute * 60;
        storm.next = simulation().scheduleCancellableAfter(gapSeconds, () -> stormAlert(storm));
    }

    private void stormAlert(Storm storm) {
        if (storm.isCascade()) {
            // A symptom of the failed dependency, on a service downstream of it.
            RandomGenerator r = random("cascade");
            int severity = IncidentSettings.sampleSeverity(s.symptomSeverityCumulative, r);
            int service = s.sampleOtherService(storm.service, r);
            double noiseRate = IncidentSettings.rate(s.ruleNoiseRate[severity], r);
            double work = s.workMinutes[severity].sample(r) * s.complexity[service];
            fireCascadeAlert(new Alert(alertsFired, severity, service, noiseRate, false, now(), work,
                    s.triageMinutes.sample(r), s.recoveryMinutes.sample(r), s.responseMinutes.sample(r), storm.root));
        } else {
            RandomGenerator r = random("flapping");
            double work = s.workMinutes[storm.severity].sample(r) * s.complexity[storm.service];
            fire(new Alert(alertsFired, storm.severity, storm.service, storm.noiseRate, true, now(), work,
                    s.triageMinutes.sample(r), s.noiseClearMinutes.sample(r), s.responseMinutes.sample(r), null));
        }
        scheduleStormAlert(storm);
    }

    private void fireCascadeAlert(Alert alert) {
        cascadeAlertsFired++;
        recordExogenous("cascade_alerts_arrived", cascadeAlertsFired);
        fire(alert);
    }

    // ---- decisions ---------------------------------------------------------------------

    /** Asks for a decision when someone could pick up waiting work. */
    private void offerWork() {
        if (!open.isEmpty() && (staff.freeEngineers() > 0 || staff.freeSpecialists() > 0 && urgentOpen())) {
            requestDecision();
        }
    }

    /** The next look at the queue, unless one is already due. */
    private void scheduleReview() {
        if (review == null && !open.isEmpty()) {
            review = simulation().scheduleCancellableAfter(s.reviewSeconds, () -> {
                review = null;
                offerWork();
            });
        }
    }

    @Override
    protected boolean[] actionMask() {
        rankCandidates();
        boolean engineer = staff.freeEngineers() > 0;
        boolean specialist = staff.freeSpecialists() > 0;
        boolean[] mask = new boolean[1 + 2 * K];
        mask[TriageAction.HOLD] = true;
        for (int k = 0; k < K; k++) {
            mask[TriageAction.take(k)] = slots[k] != null && engineer;
            mask[TriageAction.escalate(k)] = slots[k] != null && specialist;
        }
        return mask;
    }

    @Override
    protected void act(Object action) {
        int choice = (Integer) action;
        if (choice == TriageAction.HOLD) {
            scheduleReview();
            return;
        }
        rankCandidates();
        Alert alert = slots[TriageAction.slotOf(choice)];
        if (TriageAction.isEscalation(choice)) {
            double cost = s.pageCost * (isNight() ? s.nightPageMultiplier : 1);
            bill.add(currentStep(), 0, 0, -cost);
            payBill();
            startWork(alert, Alert.SPECIALIST);
        } else {
            startWork(alert, Alert.ENGINEER);
        }
        offerWork();
    }

    private void startWork(Alert alert, int kind) {
        open.remove(alert);
        inProgress.add(alert);
        staff.assign(alert, kind);
        alert.state = Alert.IN_PROGRESS;
        alert.assignedStep = currentStep();
        alert.startedAt = now();
        double minutes = alert.falsePositive ? alert.triageMinutes : alert.workMinutes;
        if (isNight()) {
            minutes *= s.nightSlowdown;
        }
        if (kind == Alert.SPECIALIST) {
            minutes = alert.responseMinutes + minutes * s.speedup;
        }
        alert.done = simulation().scheduleCancellableAfter(minutes * 60, () -> resolve(alert));
    }

    /** The five most important open alerts, most severe then oldest first, into {@link #slots}. */
    private void rankCandidates() {
        Arrays.fill(slots, null);
        for (Alert alert : open) {
            Alert carry = alert;
            for (int k = 0; k < K && carry != null; k++) {
                if (slots[k] == null || Alert.compareByPriority(carry, slots[k]) < 0) {
                    Alert displaced = slots[k];
                    slots[k] = carry;
                    carry = displaced;
                }
            }
        }
    }

    // ---- observation -------------------------------------------------------------------

    @Override
    protected Map<String, Object> observe() {
        forgetOldFirings();
        rankCandidates();
        ZonedDateTime t = instant().atZone(ZoneOffset.UTC);
        long[] openBy = new long[4];
        long[] progressBy = new long[4];
        long overTarget = 0;
        for (Alert alert : open) {
            openBy[alert.severity]++;
            overTarget += overTarget(alert) ? 1 : 0;
        }
        double longest = 0;
        for (Alert alert : inProgress) {
            progressBy[alert.severity]++;
            overTarget += overTarget(alert) ? 1 : 0;
            longest = Math.max(longest, (now() - alert.startedAt) / 60);
        }
        long[] candSeverity = new long[K];
        long[] candService = new long[K];
        double[] candAge = new double[K];
        double[] candNoise = new double[K];
        long[] candLinked = new long[K];
        for (int k = 0; k < K && slots[k] != null; k++) {
            Alert alert = slots[k];
            candSeverity[k] = alert.severity + 1;
            candService[k] = alert.service + 1;
            candAge[k] = (now() - alert.firedAt) / 60;
            candNoise[k] = alert.noiseRate;
            candLinked[k] = alert.linkedToOpenRoot() ? 1 : 0;
        }
        Map<String, Object> obs = IncidentObservation.SPACE.newValue();
        obs.put(HOUR_OF_DAY, t.getHour());
        obs.put(DAY_OF_WEEK, t.getDayOfWeek().getValue() - 1);
        obs.put(ENGINEERS_ON_DUTY, (long) staff.engineersOnDuty());
        obs.put(ENGINEERS_FREE, (long) staff.freeEngineers());
        obs.put(SPECIALISTS_ON_CALL, (long) staff.specialists());
        obs.put(SPECIALISTS_FREE, (long) staff.freeSpecialists());
        obs.put(OPEN_BY_SEVERITY, openBy);
        obs.put(IN_PROGRESS_BY_SEVERITY, progressBy);
        obs.put(OVER_TARGET, overTarget);
        obs.put(ALERTS_LAST_HOUR, (long) recentFirings.size());
        obs.put(LONGEST_IN_PROGRESS_MIN, longest);
        obs.put(CAND_SEVERITY, candSeverity);
        obs.put(CAND_SERVICE, candService);
        obs.put(CAND_AGE_MIN, candAge);
        obs.put(CAND_NOISE_RATE, candNoise);
        obs.put(CAND_LINKED, candLinked);
        return obs;
    }

    private boolean overTarget(Alert alert) {
        return now() - alert.firedAt > s.slaTargetSeconds[alert.severity];
    }

    private void forgetOldFirings() {
        while (!recentFirings.isEmpty() && recentFirings.peekFirst() <= now() - 3600) {
            recentFirings.removeFirst();
        }
    }

    // ---- rewards -----------------------------------------------------------------------

    /**
     * The decision a cost of this alert is credited to: the one that assigned it, else the one that
     * assigned its root (whose fix clears it), else the latest decision, which left it waiting.
     */
    private int creditStep(Alert alert) {
        if (alert.assignedStep >= 0) {
            return alert.assignedStep;
        }
        if (alert.root != null && alert.root.assignedStep >= 0) {
            return alert.root.assignedStep;
        }
        return currentStep();
    }

    private void accrue(Alert alert, int step) {
        double minutes = (now() - alert.accruedUntil) / 60;
        alert.accruedUntil = now();
        double cost = minutes * s.downtimePerMinute[alert.severity] * s.downtimeWeight[alert.service];
        if (cost > 0) {
            bill.add(step, -cost, 0, 0);
        }
    }

    private void checkBreach(Alert alert, int step) {
        if (!alert.breached && overTarget(alert)) {
            alert.breached = true;
            double penalty = s.breachPenalty[alert.severity];
            if (penalty > 0) {
                bill.add(step, 0, -penalty, 0);
            }
        }
    }

    private void payBill() {
        bill.settle(this::reward);
    }

    private void emitResolution(Alert alert, boolean worked) {
        Map<String, Object> record = new LinkedHashMap<>(12);
        record.put("alert_id", alert.id);
        record.put("severity", (long) alert.severity + 1);
        record.put("service", s.serviceNames[alert.service]);
        record.put("false_positive", alert.falsePositive ? 1 : 0);
        record.put("symptom", alert.root != null ? 1 : 0);
        record.put("outcome", !worked ? "auto_cleared" : alert.workerKind == Alert.SPECIALIST ? "escalated" : "worked");
        record.put("minutes_open", (now() - alert.firedAt) / 60);
        record.put("sla_breached", alert.breached ? 1 : 0);
        emit(RESOLUTIONS, record);
    }

    // ---- staff -------------------------------------------------------------------------

    private boolean isNight() {
        return s.isNight(instant().atZone(ZoneOffset.UTC).getHour());
    }

    private boolean urgentOpen() {
        for (Alert alert : open) {
            if (alert.severity <= 1) {
                return true;
            }
        }
        return false;
    }
}
