package io.mdpstream.sim.run;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.spi.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs whole episodes of a run with a built-in policy, without Kafka. Episode {@code i} of run
 * {@code (runId, runSeed)} is the same whenever and wherever it runs: it depends only on the
 * scenario, the parameters, the policy and its index.
 *
 * <p>Thread-safe: episodes share nothing, so several threads may run different episodes.
 */
public final class EpisodeRunner {

    private final Scenario scenario;
    private final ParameterSet parameters;
    private final Policy policy;
    private final String runId;
    private final long runSeed;
    private final Instant epoch;
    private final DriverOptions options;

    /**
     * @param epoch the simulated instant at which every episode of the run starts
     */
    public EpisodeRunner(Scenario scenario, ParameterSet parameters, Policy policy, String runId, long runSeed,
                         Instant epoch, DriverOptions options) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.runSeed = runSeed;
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.options = Objects.requireNonNull(options, "options");
    }

    public Scenario scenario() {
        return scenario;
    }

    public Policy policy() {
        return policy;
    }

    /** The spec of episode {@code index}. */
    public EpisodeSpec spec(long index) {
        return new EpisodeSpec(runId, runSeed, index, epoch);
    }

    /** A driver for episode {@code index}, not started. */
    public EpisodeDriver driver(long index) {
        return new EpisodeDriver(scenario, parameters, spec(index), policy.id(), options);
    }

    /** A driver for episode {@code index} starting at {@code start} instead of the run's epoch. */
    public EpisodeDriver driver(long index, Instant start) {
        return new EpisodeDriver(scenario, parameters, new EpisodeSpec(runId, runSeed, index, start), policy.id(), options);
    }

    /** The simulated instant at which the run's episodes start unless chained. */
    public Instant epoch() {
        return epoch;
    }

    /** Every event of episode {@code index}, in order. */
    public List<TraceEvent> run(long index) {
        return run(driver(index), policy);
    }

    /** Drives a started or fresh episode to its end with {@code policy}. */
    public static List<TraceEvent> run(EpisodeDriver driver, Policy policy) {
        List<TraceEvent> events = new ArrayList<>(driver.start());
        while (!driver.finished()) {
            ActionChoice choice = policy.choose(driver.pendingDecision(), driver.policyRandom());
            events.addAll(driver.act(choice, ActionSource.POLICY, policy.id()));
        }
        return events;
    }
}
