package io.mdpstream.sim.spi;

import io.mdpstream.sim.kernel.Simulation;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.params.RareEventSpec;
import io.mdpstream.sim.params.Seasonality;
import io.mdpstream.sim.random.RandomStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Base for episodes driven by a discrete-event simulation. A subclass schedules its first events in
 * {@link #start}, changes state in event handlers, calls {@link #requestDecision} when the world
 * needs a choice, {@link #reward} when an outcome is realised, and {@link #terminate} when a terminal
 * state is reached. The base runs the event loop, stops at decisions, truncates at the horizon,
 * runs the rare-event injectors declared in the parameters, and keeps time, steps and rewards
 * consistent.
 *
 * <p>Randomness comes only from {@link #random(String)}: one named stream per process.
 */
public abstract class DesEpisode implements Episode {

    private final Simulation simulation = new Simulation();
    private final EpisodeContext context;
    private final double horizon;
    private final List<RewardSignal> rewards = new ArrayList<>(4);
    private List<SideRecord> sideRecords;
    private final List<ExogenousChange> exogenous;
    private int step = -1;
    private boolean decisionRequested;
    private boolean started;
    private boolean ended;
    private boolean terminated;
    private String endReason;
    private Decision pending;

    /**
     * @param horizonSeconds simulated length of the episode; it is truncated there
     */
    protected DesEpisode(EpisodeContext context, double horizonSeconds) {
        if (!(horizonSeconds > 0) || Double.isInfinite(horizonSeconds)) {
            throw new IllegalArgumentException("horizon must be finite and > 0 seconds, got " + horizonSeconds);
        }
        this.context = context;
        this.horizon = horizonSeconds;
        this.exogenous = context.recordExogenous() ? new ArrayList<>() : null;
    }

    // ---- what a scenario implements ------------------------------------------------------

    /** Schedules the first events. */
    protected abstract void start();

    /** The observation at the current decision: only what is known at {@link #now()}. */
    protected abstract Map<String, Object> observe();

    /** Valid-action mask at the current decision, in the action space's layout; empty when all are valid. */
    protected abstract boolean[] actionMask();

    /** Applies a valid action at {@link #now()}; may schedule events. */
    protected abstract void act(Object action);

    /** Called once when the horizon is reached, before truncation: a chance to settle final rewards. */
    protected void onHorizon() {
    }

    /** A rare event starts, with its magnitude. */
    protected void onRareEventStart(RareEventSpec event, double magnitude) {
    }

    /** A rare event that started earlier ends; {@code magnitude} is the one it started with. */
    protected void onRareEventEnd(RareEventSpec event, double magnitude) {
    }

    // ---- what a scenario calls -------------------------------------------------------------

    /** Simulated seconds since the episode started. */
    protected final double now() {
        return simulation.now();
    }

    /** The simulated instant now. */
    protected final Instant instant() {
        return instantAt(simulation.now());
    }

    /** The simulated instant at {@code time} seconds into the episode. */
    protected final Instant instantAt(double time) {
        return context.start().plusNanos(Math.round(time * 1e9));
    }

    /** The event calendar, to schedule and cancel events. */
    protected final Simulation simulation() {
        return simulation;
    }

    protected final Parameters parameters() {
        return context.parameters();
    }

    /** The named stream of one stochastic process, e.g. "arrivals". */
    protected final RandomGenerator random(String stream) {
        return context.random().stream(stream);
    }

    /**
     * The named stream of a process that draws in one place, once per episode, such as the initial
     * stock: not kept afterwards (see {@link RandomStreams#detached}). Asking for it again would
     * repeat its numbers.
     */
    protected final RandomGenerator randomOnce(String stream) {
        return context.random().detached(stream);
    }

    /** The seconds until the next arrival of a Poisson process whose hourly rate follows {@code seasonality}. */
    protected final double nextArrivalDelay(double ratePerHour, Seasonality seasonality, RandomGenerator random) {
        double peak = ratePerHour * seasonality.peak() / 3600.0;
        if (peak <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        // Thinning (Lewis and Shedler): candidates at the peak rate, kept with probability rate(t) / peak.
        double t = now();
        while (t < horizon) {
            t += random.nextExponential() / peak;
            double rate = ratePerHour * seasonality.multiplier(instantAt(t)) / 3600.0;
            if (random.nextDouble() * peak <= rate) {
                return t - now();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Asks for a decision once the current event is done (or, from {@link #act}, right after the action). */
    protected final void requestDecision() {
        if (!ended) {
            decisionRequested = true;
            simulation.stop();
        }
    }

    /**
     * Realises a reward now.
     *
     * @param creditedStep the decision it rewards, at most the current step
     */
    protected final void reward(int creditedStep, double value, Map<String, Double> components) {
        if (step < 0) {
            throw new IllegalStateException("reward at t=" + now() + " before the first decision");
        }
        if (creditedStep < 0 || creditedStep > step) {
            throw new IllegalArgumentException("reward credits step " + creditedStep + " but the current step is " + step);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("reward must be finite, got " + value);
        }
        // Sorted by name: Map.of iterates in an order that changes between JVM runs, and output must not.
        rewards.add(new RewardSignal(now(), creditedStep, value, Collections.unmodifiableMap(new TreeMap<>(components))));
    }

    /** The index of the latest decision, -1 before the first. */
    protected final int currentStep() {
        return step;
    }

    /** Emits a business record to a side stream the scenario declares, at the current time. */
    protected final void emit(String stream, Map<String, Object> record) {
        if (sideRecords == null) {
            sideRecords = new ArrayList<>(4);
        }
        sideRecords.add(new SideRecord(stream, now(), record));
    }

    /** Ends the episode in a terminal state, after the current event. */
    protected final void terminate(String reason) {
        if (!ended) {
            ended = true;
            terminated = true;
            endReason = reason;
            simulation.stop();
        }
    }

    /** Records a change of a variable declared exogenous in the causal model. */
    protected final void recordExogenous(String name, double value) {
        if (exogenous != null) {
            exogenous.add(new ExogenousChange(now(), name, value));
        }
    }

    // ---- the loop --------------------------------------------------------------------------

    @Override
    public final Outcome reset() {
        if (started) {
            throw new IllegalStateException("episode already started");
        }
        started = true;
        for (RareEventSpec event : parameters().rareEvents()) {
            scheduleRareEvent(event);
        }
        start();
        return run();
    }

    @Override
    public final Outcome step(Object action) {
        if (pending == null) {
            throw new IllegalStateException(ended ? "episode has ended" : "no decision is pending");
        }
        pending = null;
        act(action);
        return run();
    }

    @Override
    public List<ExogenousChange> exogenousChanges() {
        return exogenous == null ? List.of() : Collections.unmodifiableList(exogenous);
    }

    @Override
    public Map<String, Object> observeWithPerturbedFuture(RandomGenerator random) {
        if (pending == null) {
            throw new IllegalStateException("no decision is pending");
        }
        simulation.delayPending(() -> random.nextDouble() * 3600);
        return observe();
    }

    private Outcome run() {
        // A request made while applying the action (act) stands: the next decision comes at once.
        // requestDecision and terminate stop the run; an event may also stop it for its own reasons.
        while (!ended && !decisionRequested) {
            if (!simulation.runUntil(horizon)) {
                onHorizon();
                if (!ended) {
                    ended = true;
                    endReason = String.format(Locale.ROOT, "horizon of %.1f h reached", horizon / 3600);
                }
            }
        }
        List<RewardSignal> realised = rewards.isEmpty() ? List.of() : List.copyOf(rewards);
        rewards.clear();
        List<SideRecord> records = sideRecords == null ? List.of() : sideRecords;
        sideRecords = null;
        if (ended) {
            return new Outcome(realised, records, null, terminated, !terminated, now(), endReason);
        }
        decisionRequested = false;
        step++;
        boolean[] mask = actionMask();
        pending = new Decision(step, now(), observe(), mask == null ? new boolean[0] : mask);
        return new Outcome(realised, records, pending, false, false, now(), null);
    }

    private void scheduleRareEvent(RareEventSpec event) {
        if (event.ratePerDay() <= 0) {
            return;
        }
        // Interned: the streams keep their names, and one copy serves every episode in flight.
        RandomGenerator stream = random(("rare:" + event.name()).intern());
        double delay = stream.nextExponential() * 86400 / event.ratePerDay();
        if (now() + delay > horizon) {
            return;
        }
        simulation.scheduleAfter(delay, () -> {
            double magnitude = event.magnitude().sample(stream);
            double duration = Math.max(0, event.durationMinutes().sample(stream)) * 60;
            onRareEventStart(event, magnitude);
            simulation.scheduleAfter(duration, () -> onRareEventEnd(event, magnitude));
            scheduleRareEvent(event);
        });
    }
}
