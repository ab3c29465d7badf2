package io.mdpstream.regress.internal;

import io.mdpstream.events.ActionSource;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Scenario;
import java.util.List;

/**
 * Runs a baseline episode's seed again in process: once replaying its logged actions, to get back
 * the decisions it faced (and check that they come back), and once with the candidate policy. Each
 * stochastic process of the world draws from its own named stream of the episode's seed, so both
 * runs see the same arrivals, service times and rare events wherever the actions do not change
 * them: common random numbers. Thread-safe if the rule counters passed in are not shared.
 *
 * <p>An external agent as candidate runs through the publisher instead ({@link AgentReruns}); here it
 * is a candidate that cannot be asked for probabilities.
 */
public final class EpisodeReruns {

    /**
     * The baseline episode replayed from its logged actions.
     *
     * @param mismatch            why the replay does not reproduce the stored episode; null when it does
     * @param logWeight           Σ log π(a|s) - log μ(a|s) over the logged decisions with a propensity
     * @param missingPropensities logged actions without a usable propensity
     * @param deterministic       whether every logged propensity was 1
     * @param candidateSilent     whether the candidate could not give the probability of a logged action
     * @param violations          rules broken in the replay
     */
    public record Replay(String mismatch, double logWeight, int missingPropensities, boolean deterministic,
                         boolean candidateSilent, long violations) {

        public boolean reproduced() {
            return mismatch == null;
        }
    }

    /**
     * The candidate's run of a baseline episode's seed.
     *
     * @param fallbacks decisions an external agent did not answer in time, so the fallback action was applied
     */
    public record Run(double episodeReturn, int steps, String outcome, long violations, long fallbacks) {
    }

    private final Scenario scenario;
    private final DriverOptions options;
    private final Policy candidate;

    /** @param candidate the candidate policy; null for an external agent, which can only be run through Kafka */
    public EpisodeReruns(Scenario scenario, DriverOptions options, Policy candidate) {
        this.scenario = scenario;
        this.options = options;
        this.candidate = candidate;
    }

    /** Replays {@code episode}'s logged actions, asking the candidate at each decision how likely it would take the same. */
    public Replay replay(BaselineEpisode episode, ParameterSet parameters, List<LoggedStep> logged, RuleCounter rules) {
        PolicyId policy = new PolicyId(episode.policyId(), episode.policyVersion());
        EpisodeDriver driver = new EpisodeDriver(scenario, parameters, episode.spec(), policy, options);
        long before = rules.total();
        rules.startEpisode();
        driver.start().forEach(rules::check);
        double logWeight = 0;
        int missing = 0;
        boolean deterministic = true;
        boolean silent = false;
        String mismatch = null;
        int next = 0;
        while (!driver.finished() && mismatch == null) {
            Decision decision = driver.pendingDecision();
            LoggedStep step = next < logged.size() ? logged.get(next) : null;
            if (step == null || step.step() != decision.step() || step.action() == null) {
                mismatch = "the re-run reaches decision " + decision.step() + " but the baseline logged "
                        + (step == null ? "no more decisions" : step.action() == null ? "no action there" : "step " + step.step());
                break;
            }
            next++;
            String invalid = driver.actionViolation(step.action());
            if (invalid != null) {
                mismatch = "step " + step.step() + ": the logged action is not valid in the re-run's state: " + invalid;
                break;
            }
            if (step.probability() == null || !(step.probability() > 0)) {
                missing++;
            } else {
                deterministic &= step.probability() == 1.0;
                Double probability = candidate == null ? null : candidate.probability(decision, step.action());
                if (probability == null) {
                    silent = true;
                } else {
                    logWeight += Math.log(probability) - Math.log(step.probability());
                }
            }
            driver.act(new ActionChoice(step.action(), step.probability()), ActionSource.POLICY, policy).forEach(rules::check);
        }
        if (mismatch == null) {
            mismatch = difference(episode, driver, next, logged.size());
        }
        return new Replay(mismatch, logWeight, missing, deterministic, silent, rules.total() - before);
    }

    /** Runs the candidate on {@code episode}'s seed. */
    public Run candidate(BaselineEpisode episode, ParameterSet parameters, RuleCounter rules) {
        EpisodeDriver driver = new EpisodeDriver(scenario, parameters, episode.spec(), candidate.id(), options);
        List<TraceEvent> events = EpisodeRunner.run(driver, candidate);
        long before = rules.total();
        rules.checkEpisode(events);
        String outcome = events.get(events.size() - 1) instanceof TraceEvent.EpisodeEnd end ? end.outcome().toString() : null;
        return new Run(driver.episodeReturn(), driver.steps(), outcome, rules.total() - before, 0);
    }

    private static String difference(BaselineEpisode episode, EpisodeDriver driver, int replayed, int logged) {
        if (replayed != logged) {
            return "the re-run ended after " + replayed + " decisions; the baseline logged " + logged;
        }
        if (driver.steps() != episode.steps()) {
            return "the re-run took " + driver.steps() + " steps; the baseline " + episode.steps();
        }
        double stored = episode.episodeReturn();
        if (Math.abs(driver.episodeReturn() - stored) > 1e-9 * Math.max(1, Math.abs(stored))) {
            return "the re-run's return is " + driver.episodeReturn() + "; the baseline's " + stored;
        }
        return null;
    }
}
