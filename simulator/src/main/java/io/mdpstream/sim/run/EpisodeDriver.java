package io.mdpstream.sim.run;

import io.mdpstream.events.ActionSource;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.random.RandomStreams;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Outcome;
import io.mdpstream.sim.spi.RewardSignal;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sim.spi.SideRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Drives one episode and turns what happens into {@link TraceEvent}s with contiguous {@code seq}:
 * start, then for each decision a state, the action and the rewards realised until the next
 * decision, then the end. Whoever chooses actions (a built-in policy, an external agent) calls
 * {@link #act}; the driver checks every action and, when validation is on, every observation.
 *
 * <p>Not thread-safe: one thread drives an episode.
 */
public final class EpisodeDriver {

    private final Scenario scenario;
    private final EpisodeSpec spec;
    private final String episodeId;
    private final DriverOptions options;
    private final RandomStreams random;
    private final Parameters parameters;
    private final String parametersJson;
    private final PolicyId headerPolicy;
    private final Episode episode;
    private long seq;
    private int steps;
    private double episodeReturn;
    private Decision pending;
    /** Null until a record comes: most scenarios emit none, and every episode in flight would hold an empty list. */
    private List<SideRecord> sideRecords;
    private boolean started;
    private boolean finished;

    /**
     * @param policy the policy named in the episode header (the behaviour policy of the run)
     */
    public EpisodeDriver(Scenario scenario, ParameterSet parameterSet, EpisodeSpec spec, PolicyId policy,
                         DriverOptions options) {
        this.scenario = scenario;
        this.spec = spec;
        this.episodeId = spec.episodeId();
        this.options = options;
        this.headerPolicy = policy;
        this.random = new RandomStreams(spec.seed());
        this.parameters = parameterSet.resolve(random.detached("domain_randomization"));
        this.parametersJson = parameterSet.canonicalJson();
        this.episode = scenario.newEpisode(new EpisodeContext(parameters, random, spec.start(), options.resetOptions(),
                options.recordExogenous()));
    }

    public EpisodeSpec spec() {
        return spec;
    }

    /** {@code spec().episodeId()}, built once: publishers key every event with it. */
    public String episodeId() {
        return episodeId;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The running episode, for checks that look inside (exogenous history, leakage). */
    public Episode episode() {
        return episode;
    }

    /** The stream a policy of this episode draws from, separate from every stream of the world. */
    public RandomGenerator policyRandom() {
        return random.stream("policy");
    }

    /** The decision waiting for an action, or null. */
    public Decision pendingDecision() {
        return pending;
    }

    public boolean finished() {
        return finished;
    }

    /** Decisions taken so far. */
    public int steps() {
        return steps;
    }

    /** Sum of the rewards realised so far. */
    public double episodeReturn() {
        return episodeReturn;
    }

    /**
     * Business records emitted since the last call, in time order; see {@link Scenario#sideStreams}.
     * They carry no {@code seq}: they are not part of the episode's event sequence.
     */
    public List<SideRecord> drainSideRecords() {
        if (sideRecords == null) {
            return List.of();
        }
        List<SideRecord> drained = sideRecords;
        sideRecords = null;
        return drained;
    }

    /** Starts the episode: its header, then the first state, or the end if no decision comes. */
    public List<TraceEvent> start() {
        if (started) {
            throw new IllegalStateException("episode " + spec.episodeId() + " already started");
        }
        started = true;
        List<TraceEvent> events = new ArrayList<>(3);
        events.add(new TraceEvent.EpisodeStart(seq++, 0, spec, scenario.name(), scenario.version(), parametersJson,
                parameters.randomized(), headerPolicy, options.codeVersion(), Map.of()));
        follow(episode.reset(), events);
        return events;
    }

    /**
     * Why {@code action} cannot be applied to the pending decision, or null when it can.
     */
    public String actionViolation(Object action) {
        if (pending == null) {
            return "no decision is pending in episode " + spec.episodeId();
        }
        return scenario.actionSpace().violation(action, pending.mask(), "action");
    }

    /**
     * Applies a choice to the pending decision: the action event, the rewards realised until the next
     * decision, and the next state or the end.
     *
     * @throws IllegalArgumentException when the action is outside the space or masked out
     */
    public List<TraceEvent> act(ActionChoice choice, ActionSource source, PolicyId policy) {
        String violation = actionViolation(choice.action());
        if (violation != null) {
            throw new IllegalArgumentException(spec.episodeId() + " step " + (pending == null ? "-" : pending.step())
                    + ": " + violation);
        }
        Decision decision = pending;
        pending = null;
        steps++;
        List<TraceEvent> events = new ArrayList<>(4);
        events.add(new TraceEvent.ActionEvent(seq++, decision.step(), decision.time(), ordered(choice.action()), policy,
                choice.probability(), source));
        follow(episode.step(choice.action()), events);
        return events;
    }

    private void follow(Outcome outcome, List<TraceEvent> events) {
        int step = steps - 1;
        for (SideRecord record : outcome.sideRecords()) {
            if (options.validate()) {
                checkSideRecord(record);
            }
            var space = scenario.sideStreams().get(record.stream());
            if (sideRecords == null) {
                sideRecords = new ArrayList<>();
            }
            sideRecords.add(space == null ? record
                    : new SideRecord(record.stream(), record.time(), space.ordered(record.record())));
        }
        for (RewardSignal reward : outcome.rewards()) {
            episodeReturn += reward.value();
            events.add(new TraceEvent.RewardEvent(seq++, step, reward.time(), reward.value(), reward.components(),
                    reward.creditedStep()));
        }
        if (outcome.ended()) {
            end(events, outcome.terminated() ? EpisodeOutcome.TERMINATED : EpisodeOutcome.TRUNCATED, outcome.endTime(),
                    outcome.reason());
            return;
        }
        Decision next = outcome.next();
        if (steps >= options.maxSteps()) {
            end(events, EpisodeOutcome.TRUNCATED, next.time(), "step limit of " + options.maxSteps() + " reached");
            return;
        }
        if (options.validate()) {
            check(next);
        }
        Map<String, Object> observation = scenario.observationSpace().ordered(next.observation());
        if (observation != next.observation()) {
            next = new Decision(next.step(), next.time(), observation, next.mask());
        }
        pending = next;
        events.add(new TraceEvent.StateEvent(seq++, next.step(), next.time(), observation, next.mask()));
    }

    @SuppressWarnings("unchecked")
    private Object ordered(Object action) {
        return scenario.actionSpace() instanceof io.mdpstream.sim.space.Dict dict && action instanceof Map<?, ?> map
                ? dict.ordered((Map<String, Object>) map) : action;
    }

    private void end(List<TraceEvent> events, EpisodeOutcome outcome, double time, String reason) {
        finished = true;
        events.add(new TraceEvent.EpisodeEnd(seq++, steps - 1, time, outcome, steps, episodeReturn, reason));
    }

    private void checkSideRecord(SideRecord record) {
        var space = scenario.sideStreams().get(record.stream());
        if (space == null) {
            throw new IllegalStateException(scenario.name() + " emitted a record to undeclared side stream '"
                    + record.stream() + "'; declared: " + scenario.sideStreams().keySet());
        }
        String violation = space.violation(record.record(), record.stream());
        if (violation != null) {
            throw new IllegalStateException(scenario.name() + " episode " + spec.episodeId() + ": " + violation);
        }
    }

    private void check(Decision decision) {
        String outside = scenario.observationSpace().violation(decision.observation(), "observation");
        if (outside != null) {
            throw new IllegalStateException(where(decision) + ": " + outside);
        }
        for (Invariant invariant : scenario.invariants()) {
            String broken = invariant.violation(decision.observation());
            if (broken != null) {
                throw new IllegalStateException(where(decision) + ": invariant " + invariant.name() + " broken: " + broken);
            }
        }
        if (decision.mask().length != 0) {
            if (decision.mask().length != scenario.actionSpace().maskLength()) {
                throw new IllegalStateException(where(decision) + ": mask has " + decision.mask().length
                        + " entries, the action space " + scenario.actionSpace().maskLength());
            }
        }
    }

    /** Where a broken decision is, for the message; built only on failure, as check runs at every decision. */
    private String where(Decision decision) {
        return scenario.name() + " episode " + spec.episodeId() + " step " + decision.step() + " (t=" + decision.time() + "s)";
    }
}
