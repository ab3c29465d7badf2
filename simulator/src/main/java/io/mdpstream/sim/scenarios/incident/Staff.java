package io.mdpstream.sim.scenarios.incident;

import java.time.ZonedDateTime;

/**
 * Who can work and on what: the engineers (shift responders first, then the primary on-call, so
 * assignments leave the primary free for pages) and the specialists who can be paged. An engineer
 * whose shift ends mid-incident finishes it first. Mutable; owned by one episode.
 */
final class Staff {

    private final Shift[] shifts;
    /** Shift of each engineer, -1 for a primary on-call. */
    private final int[] engineerShift;
    private final boolean[] onShift;
    private final Alert[] engineerWork;
    private final Alert[] specialistWork;

    Staff(IncidentSettings settings) {
        this.shifts = settings.shifts;
        int engineers = settings.totalEngineers();
        engineerShift = new int[engineers];
        int at = 0;
        for (int shift = 0; shift < shifts.length; shift++) {
            for (int i = 0; i < shifts[shift].engineers(); i++) {
                engineerShift[at++] = shift;
            }
        }
        while (at < engineers) {
            engineerShift[at++] = -1;
        }
        onShift = new boolean[engineers];
        engineerWork = new Alert[engineers];
        specialistWork = new Alert[settings.specialists];
    }

    /**
     * Puts on shift exactly the engineers whose shift runs at {@code t}.
     *
     * @return whether someone came on shift
     */
    boolean updateShifts(ZonedDateTime t) {
        boolean someoneArrived = false;
        for (int i = 0; i < onShift.length; i++) {
            boolean on = engineerShift[i] < 0 || shifts[engineerShift[i]].isOn(t);
            someoneArrived |= on && !onShift[i];
            onShift[i] = on;
        }
        return someoneArrived;
    }

    int engineersOnShift() {
        int count = 0;
        for (boolean on : onShift) {
            count += on ? 1 : 0;
        }
        return count;
    }

    /** On shift, plus off shift but still finishing an incident. */
    int engineersOnDuty() {
        int duty = 0;
        for (int i = 0; i < onShift.length; i++) {
            duty += onShift[i] || engineerWork[i] != null ? 1 : 0;
        }
        return duty;
    }

    int freeEngineers() {
        int free = 0;
        for (int i = 0; i < onShift.length; i++) {
            free += onShift[i] && engineerWork[i] == null ? 1 : 0;
        }
        return free;
    }

    int specialists() {
        return specialistWork.length;
    }

    int freeSpecialists() {
        int free = 0;
        for (Alert work : specialistWork) {
            free += work == null ? 1 : 0;
        }
        return free;
    }

    /** Gives {@code alert} to the first free worker of {@code kind} ({@link Alert#ENGINEER} or {@link Alert#SPECIALIST}). */
    void assign(Alert alert, int kind) {
        Alert[] work = kind == Alert.ENGINEER ? engineerWork : specialistWork;
        for (int i = 0; i < work.length; i++) {
            if (work[i] == null && (kind == Alert.SPECIALIST || onShift[i])) {
                work[i] = alert;
                alert.workerKind = kind;
                alert.workerIndex = i;
                return;
            }
        }
        throw new IllegalStateException("nobody free to take alert " + alert.id + ", yet the mask allowed it");
    }

    /** Frees whoever worked on {@code alert}. */
    void release(Alert alert) {
        Alert[] work = alert.workerKind == Alert.ENGINEER ? engineerWork : specialistWork;
        work[alert.workerIndex] = null;
    }
}
