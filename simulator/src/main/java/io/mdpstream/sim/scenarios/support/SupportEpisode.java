package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportLayout.CROSS_TRAINED;
import static io.mdpstream.sim.scenarios.support.SupportLayout.HOLD;
import static io.mdpstream.sim.scenarios.support.SupportLayout.PRIORITY_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.QUEUE_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SKILLS;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SKILL_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SPECIALIST;
import static io.mdpstream.sim.scenarios.support.SupportLayout.TECHNICAL;

import io.mdpstream.sim.kernel.EventHandle;
import io.mdpstream.sim.params.RareEventSpec;
import io.mdpstream.sim.spi.DesEpisode;
import io.mdpstream.sim.spi.EpisodeContext;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One shift of the contact centre. Tickets arrive by skill and priority into nine FIFO queues;
 * rostered agents log in and out at their shift times; whenever an idle agent could serve waiting
 * work, the episode asks which queue that agent serves next (or whether it holds). Customers
 * abandon when their patience runs out, SLA clocks breach, cross-trained agents are slower and
 * sometimes transfer the ticket back.
 *
 * <p>Randomness: {@code arrivals}, {@code incident_arrivals}, {@code patience}, {@code handling}
 * (work content, drawn at arrival), {@code wrap_up}, {@code transfers}, {@code absence}, and the
 * rare-event streams. Everything exogenous (arrivals, roster, incidents, outages) draws only from
 * its own streams at times no action can move.
 *
 * <p>Not thread-safe: one thread drives an episode.
 */
final class SupportEpisode extends DesEpisode {

    /** Time constant of the observed arrival-rate estimate: the last half hour or so. */
    private static final double RATE_WINDOW_SECONDS = 1800;
    private static final String[] ARRIVAL_VARIABLES = {"arrivals_billing", "arrivals_technical", "arrivals_account"};

    private final SupportSettings settings;
    private final double technicalShare;
    /** Seconds after UTC midnight at which the episode starts, to place shifts on the clock. */
    private final double startClockSeconds;
    private final List<Agent> agents;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Ticket>[] queues = new ArrayDeque[QUEUE_COUNT];
    /** Idle agents, longest idle first. */
    private final List<Agent> idle = new ArrayList<>();

    private final long[] arrivalsBySkill = new long[SKILL_COUNT];
    private final long[] arrived = new long[PRIORITY_COUNT];
    private final long[] resolved = new long[PRIORITY_COUNT];
    private final long[] abandoned = new long[PRIORITY_COUNT];
    private final long[] breaches = new long[PRIORITY_COUNT];
    private final double[] recentArrivals = new double[SKILL_COUNT];
    private double recentArrivalsAt;

    private int loggedIn;
    private int busy;
    private int rostered;
    private int incidents;
    private double incidentExtraRate;
    private EventHandle surgeArrival;
    /** Handling-time multipliers of the desktop outages under way; the worst one applies. */
    private final List<Double> outages = new ArrayList<>(1);
    private double slowdown = 1;
    private boolean dispatchPending;
    private Agent decider;

    SupportEpisode(EpisodeContext context, RosterCache rosters) {
        this(context, new SupportSettings(context.parameters(), rosters));
    }

    private SupportEpisode(EpisodeContext context, SupportSettings settings) {
        super(context, settings.horizonSeconds);
        this.settings = settings;
        int technical = settings.skillMix.names().indexOf(SKILLS.get(TECHNICAL));
        this.technicalShare = settings.skillMix.probability(technical);
        ZonedDateTime start = context.start().atZone(ZoneOffset.UTC);
        this.startClockSeconds = start.toLocalTime().toNanoOfDay() / 1e9;
        List<Agent> roster = new ArrayList<>();
        for (SupportSettings.Shift shift : settings.roster) {
            for (int i = 0; i < shift.count(); i++) {
                roster.add(new Agent(shift.levels(), shift.startHour(), shift.endHour()));
            }
        }
        this.agents = roster;
        for (int q = 0; q < QUEUE_COUNT; q++) {
            queues[q] = new ArrayDeque<>(4);
        }
    }

    // ---- start, roster and clock ----------------------------------------------------------

    @Override
    protected void start() {
        int absent = 0;
        for (Agent agent : agents) {
            // Absence (sickness, leave, training) is decided per agent for the whole episode.
            agent.absent = random("absence").nextDouble() < settings.shrinkage;
            if (agent.absent) {
                absent++;
            } else {
                agent.windowDay = -1;
                nextShiftWindow(agent);
            }
        }
        recordExogenous("agents_absent", absent);
        recordExogenous("hour_of_day", hourOfDay());
        applyRoster();
        scheduleClockTick();
        scheduleArrival();
    }

    /** Moves the agent to its first shift window, from {@code windowDay} on, that ends after now. */
    private void nextShiftWindow(Agent agent) {
        double length = (agent.shiftEndHour > agent.shiftStartHour ? 0 : 24) + agent.shiftEndHour - agent.shiftStartHour;
        while (true) {
            double start = agent.windowDay * 86400.0 - startClockSeconds + agent.shiftStartHour * 3600;
            if (start + length * 3600 > now()) {
                agent.shiftStartsAt = start;
                agent.shiftEndsAt = start + length * 3600;
                return;
            }
            agent.windowDay++;
        }
    }

    /**
     * Logs agents in and out as the roster says, in roster order, then waits for the next roster
     * change: one pending event for the whole roster keeps the calendar small.
     */
    private void applyRoster() {
        double next = Double.POSITIVE_INFINITY;
        for (Agent agent : agents) {
            if (agent.absent) {
                continue;
            }
            if (agent.onShift && agent.shiftEndsAt <= now()) {
                logOut(agent);
            }
            if (!agent.onShift && agent.shiftStartsAt <= now()) {
                logIn(agent);
            }
            next = Math.min(next, agent.onShift ? agent.shiftEndsAt : agent.shiftStartsAt);
        }
        if (next < horizon()) {
            simulation().schedule(next, this::applyRoster);
        }
    }

    private void logIn(Agent agent) {
        agent.onShift = true;
        rostered++;
        recordExogenous("agents_rostered", rostered);
        if (agent.state == Agent.State.OFF) {
            agent.state = Agent.State.IDLE;
            loggedIn++;
            idle.add(agent);
        }
        worldChanged();
    }

    private void logOut(Agent agent) {
        agent.onShift = false;
        rostered--;
        recordExogenous("agents_rostered", rostered);
        if (agent.state == Agent.State.IDLE) {
            idle.remove(agent);
            agent.state = Agent.State.OFF;
            agent.holding = false;
            loggedIn--;
        }
        // A busy agent finishes the current ticket in overtime and logs off after wrap-up.
        agent.windowDay++;
        nextShiftWindow(agent);
    }

    private void scheduleClockTick() {
        double clock = startClockSeconds + now();
        double next = (Math.floor(clock / 3600) + 1) * 3600 - startClockSeconds;
        if (next < horizon()) {
            simulation().schedule(next, () -> {
                recordExogenous("hour_of_day", hourOfDay());
                scheduleClockTick();
            });
        }
    }

    private int hourOfDay() {
        return (int) Math.floorMod((long) Math.floor((startClockSeconds + now()) / 3600 + 1e-9), 24L);
    }

    private double horizon() {
        return settings.horizonSeconds;
    }

    // ---- arrivals, patience and SLA -------------------------------------------------------

    private void scheduleArrival() {
        double delay = nextArrivalDelay(settings.ratePerHour, settings.seasonality, random("arrivals"));
        if (Double.isFinite(delay)) {
            simulation().scheduleAfter(delay, this::arrive);
        }
    }

    private void arrive() {
        int skill = settings.skillOfCategory[settings.skillMix.sampleIndex(random("arrivals"))];
        int priority = settings.priorityOfCategory[settings.priorityMix.sampleIndex(random("arrivals"))];
        admit(skill, priority);
        scheduleArrival();
    }

    /** The extra technical tickets of product incidents: a Poisson process at the incidents' extra rate. */
    private void rescheduleSurge() {
        simulation().cancel(surgeArrival);
        surgeArrival = null;
        if (incidentExtraRate <= 0) {
            return;
        }
        double rate = settings.ratePerHour * technicalShare * incidentExtraRate;
        double delay = nextArrivalDelay(rate, settings.seasonality, random("incident_arrivals"));
        if (Double.isFinite(delay)) {
            surgeArrival = simulation().scheduleCancellableAfter(delay, () -> {
                int category = settings.incidentPriorityMix.sampleIndex(random("incident_arrivals"));
                admit(TECHNICAL, settings.incidentPriorityOfCategory[category]);
                rescheduleSurge();
            });
        }
    }

    private void admit(int skill, int priority) {
        arrivalsBySkill[skill]++;
        arrived[priority]++;
        recordExogenous(ARRIVAL_VARIABLES[skill], arrivalsBySkill[skill]);
        decayRecentArrivals();
        recentArrivals[skill] += 1;
        double work = settings.handlingMinutesBySkill[skill].sample(random("handling"))
                * settings.priorityHandlingFactor[priority];
        double patience = settings.patienceMinutesByPriority[priority].sample(random("patience")) * 60;
        Ticket ticket = new Ticket(skill, priority, now(), work, now() + patience,
                now() + settings.slaTargetSeconds[priority]);
        scheduleDeadline(ticket);
        queues[ticket.queue()].addLast(ticket);
        worldChanged();
    }

    /** The earlier of the SLA breach (if still to come) and the abandonment. */
    private void scheduleDeadline(Ticket ticket) {
        if (!ticket.breached && ticket.slaDueAt < ticket.abandonsAt) {
            ticket.deadline = simulation().scheduleCancellable(ticket.slaDueAt, () -> breach(ticket));
        } else {
            ticket.deadline = simulation().scheduleCancellable(ticket.abandonsAt, () -> abandon(ticket));
        }
    }

    private void breach(Ticket ticket) {
        ticket.breached = true;
        breaches[ticket.priority]++;
        pay(currentStep(), "sla_breach", settings.breachValue[ticket.priority]);
        scheduleDeadline(ticket);
    }

    private void abandon(Ticket ticket) {
        queues[ticket.queue()].remove(ticket);
        ticket.deadline = null;
        abandoned[ticket.priority]++;
        pay(currentStep(), "abandoned", settings.abandonedValue[ticket.priority]);
    }

    private void decayRecentArrivals() {
        double decay = Math.exp(-(now() - recentArrivalsAt) / RATE_WINDOW_SECONDS);
        for (int s = 0; s < SKILL_COUNT; s++) {
            recentArrivals[s] *= decay;
        }
        recentArrivalsAt = now();
    }

    // ---- routing ---------------------------------------------------------------------------

    /** Something an idle agent might react to happened: holds end, and routing looks again. */
    private void worldChanged() {
        for (Agent agent : idle) {
            agent.holding = false;
        }
        scheduleDispatch();
    }

    /** Looks for an agent to ask once the current event is done, so all of its state changes come first. */
    private void scheduleDispatch() {
        if (!dispatchPending) {
            dispatchPending = true;
            simulation().scheduleAfter(0, this::dispatch);
        }
    }

    /**
     * Asks the longest-idle agent who is a specialist for some waiting work, else the longest-idle
     * agent who can serve any waiting work, as skills-based routers offer work to the best-skilled
     * idle agent first.
     */
    private void dispatch() {
        dispatchPending = false;
        long[] waiting = waitingBySkill();
        Agent chosen = null;
        for (Agent agent : idle) {
            if (agent.holding) {
                continue;
            }
            int level = agent.bestLevelFor(waiting);
            if (level == SPECIALIST) {
                chosen = agent;
                break;
            }
            if (level == CROSS_TRAINED && chosen == null) {
                chosen = agent;
            }
        }
        if (chosen != null) {
            decider = chosen;
            requestDecision();
        }
    }

    private long[] waitingBySkill() {
        long[] waiting = new long[SKILL_COUNT];
        for (int q = 0; q < QUEUE_COUNT; q++) {
            waiting[SupportLayout.skillOf(q)] += queues[q].size();
        }
        return waiting;
    }

    @Override
    protected boolean[] actionMask() {
        boolean[] mask = new boolean[SupportLayout.ACTION_COUNT];
        mask[HOLD] = true;
        for (int q = 0; q < QUEUE_COUNT; q++) {
            mask[SupportLayout.serve(q)] = !queues[q].isEmpty() && decider.levels[SupportLayout.skillOf(q)] > 0;
        }
        return mask;
    }

    @Override
    protected void act(Object action) {
        Agent agent = decider;
        decider = null;
        int choice = (Integer) action;
        if (choice == HOLD) {
            agent.holding = true;
        } else {
            startService(agent, queues[SupportLayout.queueOf(choice)].pollFirst());
        }
        scheduleDispatch();
    }

    private void startService(Agent agent, Ticket ticket) {
        simulation().cancel(ticket.deadline);
        ticket.deadline = null;
        idle.remove(agent);
        agent.state = Agent.State.BUSY;
        agent.holding = false;
        busy++;
        int level = agent.levels[ticket.skill];
        double minutes = ticket.workMinutes * (level == SPECIALIST ? 1 : settings.crossTrainedFactor) * slowdown;
        int step = currentStep();
        simulation().scheduleAfter(minutes * 60, () -> finishHandling(agent, ticket, level, step));
    }

    private void finishHandling(Agent agent, Ticket ticket, int level, int step) {
        boolean transfer = level == CROSS_TRAINED && random("transfers").nextDouble() < settings.transferProbability;
        if (transfer) {
            ticket.queuedAt = now();
            queues[ticket.queue()].addLast(ticket);
            pay(step, "transfer", settings.transferValue);
        } else {
            resolved[ticket.priority]++;
            pay(step, "resolved", settings.resolvedValue[ticket.priority]);
        }
        double wrapUp = Math.max(0, settings.wrapUpSeconds.sample(random("wrap_up")));
        simulation().scheduleAfter(wrapUp, () -> endWrapUp(agent));
        if (transfer) {
            worldChanged();
        }
    }

    private void endWrapUp(Agent agent) {
        busy--;
        if (agent.onShift) {
            agent.state = Agent.State.IDLE;
            idle.add(agent);
        } else {
            agent.state = Agent.State.OFF;
            loggedIn--;
        }
        worldChanged();
    }

    /** Rewards start with the first decision; what happens before it is counted but not paid. */
    private void pay(int step, String component, double value) {
        if (step >= 0 && value != 0) {
            reward(step, value, Map.of(component, value));
        }
    }

    // ---- rare events -----------------------------------------------------------------------

    @Override
    protected void onRareEventStart(RareEventSpec event, double magnitude) {
        if (event.name().equals(SupportSettings.PRODUCT_INCIDENT)) {
            incidents++;
            incidentExtraRate += Math.max(0, magnitude - 1);
            recordExogenous("incident_active", 1);
            rescheduleSurge();
        } else if (event.name().equals(SupportSettings.DESKTOP_OUTAGE)) {
            outages.add(Math.max(1, magnitude));
            slowdown = worstOutage();
            recordExogenous("system_degraded", 1);
        }
    }

    @Override
    protected void onRareEventEnd(RareEventSpec event, double magnitude) {
        if (event.name().equals(SupportSettings.PRODUCT_INCIDENT)) {
            incidents--;
            incidentExtraRate = incidents == 0 ? 0 : incidentExtraRate - Math.max(0, magnitude - 1);
            recordExogenous("incident_active", incidents > 0 ? 1 : 0);
            rescheduleSurge();
        } else if (event.name().equals(SupportSettings.DESKTOP_OUTAGE)) {
            outages.remove(Math.max(1, magnitude));
            slowdown = worstOutage();
            recordExogenous("system_degraded", outages.isEmpty() ? 0 : 1);
        }
    }

    private double worstOutage() {
        double worst = 1;
        for (double outage : outages) {
            worst = Math.max(worst, outage);
        }
        return worst;
    }

    // ---- observation -----------------------------------------------------------------------

    @Override
    protected Map<String, Object> observe() {
        ZonedDateTime clock = instant().atZone(ZoneOffset.UTC);
        long[] queueLength = new long[QUEUE_COUNT];
        double[] oldestWait = new double[QUEUE_COUNT];
        for (int q = 0; q < QUEUE_COUNT; q++) {
            queueLength[q] = queues[q].size();
            Ticket head = queues[q].peekFirst();
            oldestWait[q] = head == null ? 0.0 : now() - head.queuedAt;
        }
        long[] idleSpecialists = new long[SKILL_COUNT];
        for (Agent agent : idle) {
            for (int s = 0; s < SKILL_COUNT; s++) {
                if (agent.levels[s] == SPECIALIST) {
                    idleSpecialists[s]++;
                }
            }
        }
        long[] level = new long[SKILL_COUNT];
        double[] recentRate = new double[SKILL_COUNT];
        double decay = Math.exp(-(now() - recentArrivalsAt) / RATE_WINDOW_SECONDS);
        for (int s = 0; s < SKILL_COUNT; s++) {
            level[s] = decider.levels[s];
            recentRate[s] = recentArrivals[s] * decay * 3600 / RATE_WINDOW_SECONDS;
        }
        Map<String, Object> obs = SupportRoutingScenario.OBSERVATION.newValue();
        obs.put("hour_of_day", clock.getHour());
        obs.put("day_of_week", clock.getDayOfWeek().getValue() - 1);
        obs.put("elapsed_minutes", now() / 60);
        obs.put("agent_skill_level", level);
        obs.put("agent_shift_remaining_minutes", Math.max(0.0, (decider.shiftEndsAt - now()) / 60));
        obs.put("queue_length", queueLength);
        obs.put("oldest_wait_seconds", oldestWait);
        obs.put("agents_logged_in", (long) loggedIn);
        obs.put("agents_busy", (long) busy);
        obs.put("idle_specialists", idleSpecialists);
        obs.put("recent_arrivals_per_hour", recentRate);
        obs.put("incident_active", incidents > 0 ? 1 : 0);
        obs.put("system_degraded", outages.isEmpty() ? 0 : 1);
        obs.put("tickets_arrived", arrived.clone());
        obs.put("resolved", resolved.clone());
        obs.put("abandoned", abandoned.clone());
        obs.put("sla_breaches", breaches.clone());
        return obs;
    }
}
