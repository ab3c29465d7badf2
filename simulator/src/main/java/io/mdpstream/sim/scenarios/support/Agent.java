package io.mdpstream.sim.scenarios.support;

/**
 * One agent of the roster: skill levels, shift window and current state.
 *
 * <p>Mutable; owned by one episode, not thread-safe.
 */
final class Agent {

    enum State { OFF, IDLE, BUSY }

    /** Skill level per skill, see {@link SupportLayout#SPECIALIST}; shared with the roster line, never written. */
    final int[] levels;
    /** Clock hours (UTC) of the shift; an end at or before the start is on the next day. */
    final double shiftStartHour;
    final double shiftEndHour;
    State state = State.OFF;
    /** Absent for the whole episode (shrinkage). */
    boolean absent;
    /** Rostered now (false during overtime after the shift ended mid-ticket). */
    boolean onShift;
    /** Chose to hold: not asked again until the world changes. */
    boolean holding;
    /** Simulated seconds at which the current or next shift window starts and ends (the published roster). */
    double shiftStartsAt;
    double shiftEndsAt;
    /** Day of the current or next shift window, relative to the episode's first day. */
    int windowDay;

    Agent(int[] levels, double shiftStartHour, double shiftEndHour) {
        this.levels = levels;
        this.shiftStartHour = shiftStartHour;
        this.shiftEndHour = shiftEndHour;
    }

    /** The best level this agent has on a skill with waiting work: 0 none, 1 cross-trained only, 2 specialist. */
    int bestLevelFor(long[] waitingBySkill) {
        int best = SupportLayout.UNSKILLED;
        for (int s = 0; s < levels.length; s++) {
            if (waitingBySkill[s] > 0) {
                best = Math.max(best, levels[s]);
            }
        }
        return best;
    }
}
