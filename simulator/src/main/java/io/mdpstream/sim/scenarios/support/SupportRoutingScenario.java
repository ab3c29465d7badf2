package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportLayout.HOLD;
import static io.mdpstream.sim.scenarios.support.SupportLayout.PRIORITY_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.QUEUE_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SKILL_COUNT;

import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.CausalModel;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.util.List;
import java.util.Map;

/**
 * Customer-support routing in a multi-skill contact centre over one shift. Tickets (billing,
 * technical, account; priorities p1..p3) arrive with intraday and weekly seasonality into nine
 * queues; agents with shifts and skill sets (specialist or cross-trained) pull work. Whenever an
 * idle agent could serve waiting work, the decision is which queue that agent serves next, or to
 * hold. Rewards: resolved tickets by priority, SLA breaches when they occur, abandonments and
 * transfers. Rare events: product incidents (a surge of technical tickets) and agent-desktop
 * outages (slower handling).
 *
 * <p>Thread-safe; the state of a run lives in its episodes. Its only mutable part is a cache of the
 * last parsed roster, which changes no result.
 */
public final class SupportRoutingScenario implements Scenario {

    private static final long MAX_COUNT = 10_000_000;
    private static final String QUEUES = "index skill*3+priority: billing, technical, account x p1, p2, p3";

    static final Dict OBSERVATION = Dict.builder()
            .add("hour_of_day", new Discrete(24), "UTC hour of the simulated clock")
            .add("day_of_week", new Discrete(7), "0 = Monday")
            .add("elapsed_minutes", Box.continuous(0, 24 * 31 * 60), "simulated minutes since the episode started")
            .add("agent_skill_level", Box.integerVector(SKILL_COUNT, 0, 2),
                    "the deciding agent's level per skill (billing, technical, account): 0 none, 1 cross-trained, 2 specialist")
            .add("agent_shift_remaining_minutes", Box.continuous(0, 24 * 60),
                    "minutes until the deciding agent's rostered shift ends (the published roster)")
            .add("queue_length", Box.integerVector(QUEUE_COUNT, 0, MAX_COUNT), "tickets waiting per queue; " + QUEUES)
            .add("oldest_wait_seconds", Box.vector(QUEUE_COUNT, 0, Double.POSITIVE_INFINITY),
                    "seconds the head ticket of each queue has waited, 0 when empty; " + QUEUES)
            .add("agents_logged_in", Box.integer(0, MAX_COUNT), "agents logged in, including overtime to finish a ticket")
            .add("agents_busy", Box.integer(0, MAX_COUNT), "agents handling a ticket or in wrap-up")
            .add("idle_specialists", Box.integerVector(SKILL_COUNT, 0, MAX_COUNT),
                    "idle agents who are specialists in each skill, the deciding agent included")
            .add("recent_arrivals_per_hour", Box.vector(SKILL_COUNT, 0, Double.POSITIVE_INFINITY),
                    "exponentially smoothed ticket arrivals per hour by skill over about the last 30 minutes")
            .add("incident_active", new Discrete(2), "1 while a declared product incident is open")
            .add("system_degraded", new Discrete(2), "1 while the agent desktop is degraded (slower handling)")
            .add("tickets_arrived", Box.integerVector(PRIORITY_COUNT, 0, MAX_COUNT), "tickets arrived so far, by priority")
            .add("resolved", Box.integerVector(PRIORITY_COUNT, 0, MAX_COUNT), "tickets resolved so far, by priority")
            .add("abandoned", Box.integerVector(PRIORITY_COUNT, 0, MAX_COUNT), "customers who abandoned so far, by priority")
            .add("sla_breaches", Box.integerVector(PRIORITY_COUNT, 0, MAX_COUNT),
                    "tickets that waited past their answer-time target so far, by priority")
            .build();
    private static final Space ACTION = new Discrete(SupportLayout.ACTION_COUNT);
    private static final ParameterSpec PARAMETERS = SupportSettings.spec();

    private static final CausalModel CAUSAL_MODEL = CausalModel.builder()
            .influences("action", "queue_length", "oldest_wait_seconds", "agents_busy", "agents_logged_in",
                    "idle_specialists", "agent_skill_level", "agent_shift_remaining_minutes", "resolved", "abandoned",
                    "sla_breaches")
            .exogenous("arrivals_billing", "arrivals_technical", "arrivals_account", "incident_active",
                    "system_degraded", "agents_rostered", "agents_absent", "hour_of_day")
            .build();

    private static final List<Invariant> INVARIANTS = List.of(
            new Invariant("decider_is_idle", SupportRoutingScenario::deciderIsIdle),
            new Invariant("decider_can_serve_waiting_work", SupportRoutingScenario::deciderHasWork),
            new Invariant("empty_queue_has_no_wait", SupportRoutingScenario::emptyQueueHasNoWait),
            new Invariant("outcomes_within_arrivals", SupportRoutingScenario::outcomesWithinArrivals));

    private final RosterCache rosters = new RosterCache();

    @Override
    public String name() {
        return "support";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "multi-skill contact centre: route tickets by skill and priority to agents on shift, with SLAs and abandonment";
    }

    @Override
    public Dict observationSpace() {
        return OBSERVATION;
    }

    /** 0 = hold (stay idle until something changes), 1 + skill*3 + priority = serve that queue's oldest ticket. */
    @Override
    public Space actionSpace() {
        return ACTION;
    }

    @Override
    public ParameterSpec parameterSpec() {
        return PARAMETERS;
    }

    /** A routing's reward comes when the ticket is resolved or abandoned, or at the end: within the longest horizon (31 days). */
    @Override
    public java.time.Duration maxRewardDelay() {
        return java.time.Duration.ofDays(31);
    }

    @Override
    public CausalModel causalModel() {
        return CAUSAL_MODEL;
    }

    @Override
    public List<Invariant> invariants() {
        return INVARIANTS;
    }

    @Override
    public Episode newEpisode(EpisodeContext context) {
        return new SupportEpisode(context, rosters);
    }

    @Override
    public ScoredPolicy heuristic() {
        return new SupportHeuristic(version());
    }

    /** The highest-priority queue the agent can serve, specialist skills first; hold when there is none. */
    @Override
    public Object fallbackAction(Decision decision) {
        long[] level = (long[]) decision.observation().get("agent_skill_level");
        for (int priority = 0; priority < PRIORITY_COUNT; priority++) {
            for (int wanted = SupportLayout.SPECIALIST; wanted >= SupportLayout.CROSS_TRAINED; wanted--) {
                for (int skill = 0; skill < SKILL_COUNT; skill++) {
                    int action = SupportLayout.serve(SupportLayout.queue(skill, priority));
                    if (level[skill] == wanted && decision.allowed(action)) {
                        return action;
                    }
                }
            }
        }
        return HOLD;
    }

    // ---- invariants ---------------------------------------------------------------------------

    private static String deciderIsIdle(Map<String, Object> obs) {
        long loggedIn = (Long) obs.get("agents_logged_in");
        long busy = (Long) obs.get("agents_busy");
        return busy < loggedIn ? null : "agents_busy " + busy + " leaves no idle agent among " + loggedIn + " logged in";
    }

    private static String deciderHasWork(Map<String, Object> obs) {
        long[] level = (long[]) obs.get("agent_skill_level");
        long[] length = (long[]) obs.get("queue_length");
        for (int q = 0; q < QUEUE_COUNT; q++) {
            if (length[q] > 0 && level[SupportLayout.skillOf(q)] > 0) {
                return null;
            }
        }
        return "no waiting ticket matches the deciding agent's skills";
    }

    private static String emptyQueueHasNoWait(Map<String, Object> obs) {
        long[] length = (long[]) obs.get("queue_length");
        double[] wait = (double[]) obs.get("oldest_wait_seconds");
        for (int q = 0; q < QUEUE_COUNT; q++) {
            if (length[q] == 0 && wait[q] != 0) {
                return "queue " + SupportLayout.queueName(q) + " is empty but its oldest wait is " + wait[q] + " s";
            }
        }
        return null;
    }

    private static String outcomesWithinArrivals(Map<String, Object> obs) {
        long[] arrived = (long[]) obs.get("tickets_arrived");
        long[] resolved = (long[]) obs.get("resolved");
        long[] abandoned = (long[]) obs.get("abandoned");
        long[] breaches = (long[]) obs.get("sla_breaches");
        long[] length = (long[]) obs.get("queue_length");
        for (int p = 0; p < PRIORITY_COUNT; p++) {
            long waiting = 0;
            for (int s = 0; s < SKILL_COUNT; s++) {
                waiting += length[SupportLayout.queue(s, p)];
            }
            if (resolved[p] + abandoned[p] + waiting > arrived[p] || breaches[p] > arrived[p]) {
                return SupportLayout.PRIORITIES.get(p) + ": resolved " + resolved[p] + " + abandoned " + abandoned[p]
                        + " + waiting " + waiting + " (or breaches " + breaches[p] + ") exceed arrivals " + arrived[p];
            }
        }
        return null;
    }
}
