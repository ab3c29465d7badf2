package io.mdpstream.regress;

import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishException;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.regress.internal.AgentReruns;
import io.mdpstream.regress.internal.BaselineEpisode;
import io.mdpstream.regress.internal.BaselineReader;
import io.mdpstream.regress.internal.EpisodeReruns;
import io.mdpstream.regress.internal.LoggedStep;
import io.mdpstream.regress.internal.RuleCounter;
import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.SinkException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop regression of a candidate policy against a stored baseline. Each baseline episode is
 * run again in process from its lineage (run id, run seed and index give the same seed; the stored
 * parameters and start give the same world) with the candidate choosing the actions, so both sides
 * meet the same randomness, and its return is compared with the stored one. The baseline episode is
 * also replayed from its logged actions, which gives back the decisions it faced: the candidate's
 * probability of each logged action against the logged propensity gives the importance-sampling
 * estimates, and the replay shows whether the baseline still reproduces.
 *
 * <p>An external agent as candidate ({@code external}) is in the loop through Kafka, exactly as in
 * {@code simulate --policy external}: the baseline episodes are published to {@code <ns>.states},
 * each from its own stored spec and parameters, several in flight, and the agent answers on
 * {@code <ns>.agent-actions}. Its answers carry no probabilities, so there is no off-policy estimate;
 * a decision it misses gets the scenario's fallback action, and the report counts those.
 *
 * <p>Before anything runs, the baseline is checked: it must be a dataset, hold at least two episodes
 * of one scenario that this mdpstream has in the same version, with parameters that still load, and
 * the candidate must be a policy of that scenario (or external, with Kafka client settings). Each
 * failure is a {@link RegressException} that says what is wrong; so is Kafka or the registry not
 * being reachable, which is found before any episode runs. Not thread-safe; run it once.
 */
public final class Regression {

    private static final Logger LOG = LoggerFactory.getLogger(Regression.class);
    private static final Pattern STEP_LIMIT = Pattern.compile("step limit of (\\d+) reached");
    private static final int MISMATCHES_KEPT = 10;
    /** Simulate's default: the longest a state an agent waits for is held back while other episodes' events join its transaction. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    /** Why an external agent gets no off-policy estimate. */
    static final String NO_AGENT_PROBABILITIES = "the candidate is an external agent: its answers carry no probabilities "
            + "(the agent-actions schema has no field for one), so how likely it would take the baseline's logged actions "
            + "is unknown";

    private final RegressConfig config;
    private final Map<String, Object> clientProperties;

    /** A regression of a built-in candidate, which runs in process. */
    public Regression(RegressConfig config) {
        this(config, Map.of());
    }

    /**
     * @param clientProperties Kafka and registry client settings ({@code bootstrap.servers},
     *                         {@code schema.registry.url}, security), used when the candidate is an external agent
     */
    public Regression(RegressConfig config, Map<String, Object> clientProperties) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * The baseline's episodes that would be compared, checked; nothing runs.
     *
     * @param candidate the built-in candidate; null for an external agent
     * @param agentLoop how the episodes are published for an external agent; null for a built-in candidate
     */
    private record Plan(StoredDataset dataset, Scenario scenario, Policy candidate, PublishOptions agentLoop,
                        List<BaselineEpisode> episodes, Map<String, ParameterSet> parameters, int maxSteps) {
    }

    /**
     * What a regression would compare, once its input is checked.
     *
     * @param namespace where an external agent's episodes would be published; null for a built-in candidate
     */
    public record Checked(String scenario, int episodes, String namespace) {
    }

    /**
     * Checks the input without running anything (nor connecting to Kafka).
     *
     * @throws RegressException naming what is wrong with the baseline or the candidate
     */
    public Checked check() {
        Plan plan = plan();
        return new Checked(plan.scenario().name(), plan.episodes().size(),
                plan.agentLoop() == null ? null : plan.agentLoop().namespace());
    }

    /**
     * Runs the regression.
     *
     * @throws RegressException naming what is wrong with the baseline or the candidate, before anything runs; or
     *                          Kafka out of reach (found before any episode is published) or lost while running
     */
    public RegressionReport run() {
        long started = System.nanoTime();
        Plan plan = plan();
        Scenario scenario = plan.scenario();
        RuleCounter candidateRules = new RuleCounter(scenario);
        // The agent's runs go first: Kafka out of reach is found before the work in process.
        AgentReruns.Outcome agent = plan.agentLoop() == null ? null : agentReruns(plan, candidateRules);
        Set<String> ids = plan.episodes().stream().map(BaselineEpisode::episodeId).collect(Collectors.toSet());
        Map<String, List<LoggedStep>> logged = BaselineReader.steps(plan.dataset(), ids, scenario);
        EpisodeReruns reruns = new EpisodeReruns(scenario, DriverOptions.defaults().withValidation(false)
                .withMaxSteps(plan.maxSteps()), plan.candidate());
        RuleCounter baselineRules = new RuleCounter(scenario);
        int n = plan.episodes().size();
        double[] baselineReturns = new double[n];
        double[] candidateReturns = new double[n];
        double[] logWeights = new double[n];
        List<EpisodeComparison> comparisons = new ArrayList<>(n);
        List<String> mismatches = new ArrayList<>();
        int reproduced = 0;
        int missingPropensities = 0;
        boolean deterministic = true;
        boolean candidateSilent = false;
        for (int i = 0; i < n; i++) {
            BaselineEpisode episode = plan.episodes().get(i);
            ParameterSet parameters = plan.parameters().get(episode.parameters());
            EpisodeReruns.Replay replay = reruns.replay(episode, parameters, logged.getOrDefault(episode.episodeId(), List.of()),
                    baselineRules);
            EpisodeReruns.Run run = agent != null ? agent.runs().get(episode.episodeId())
                    : reruns.candidate(episode, parameters, candidateRules);
            if (replay.reproduced()) {
                reproduced++;
            } else if (mismatches.size() < MISMATCHES_KEPT) {
                mismatches.add(episode.episodeId() + ": " + replay.mismatch());
            }
            missingPropensities += replay.missingPropensities();
            deterministic &= replay.deterministic();
            candidateSilent |= replay.candidateSilent();
            baselineReturns[i] = episode.episodeReturn();
            candidateReturns[i] = run.episodeReturn();
            logWeights[i] = replay.logWeight();
            comparisons.add(new EpisodeComparison(episode.episodeId(), episode.seed(), episode.episodeReturn(), run.episodeReturn(),
                    episode.steps(), run.steps(), run.outcome(), run.fallbacks(),
                    episode.violations().values().stream().mapToLong(Long::longValue).sum(),
                    run.violations(), replay.reproduced(), Math.exp(replay.logWeight())));
        }
        String unavailable = reproduced < n
                ? (n - reproduced) + " baseline episodes do not reproduce in process, so their logged decisions cannot be recovered"
                : missingPropensities > 0
                ? missingPropensities + " logged actions have no propensity (an external agent or a fallback chose them)"
                : candidateSilent ? (agent != null ? NO_AGENT_PROBABILITIES
                        : "the candidate " + plan.candidate().id() + " cannot give the probability of an action")
                : deterministic ? "the baseline policy is deterministic (every logged propensity is 1): its logs hold one action "
                        + "per state and say nothing of the others" : null;
        OffPolicyEstimate offPolicy = unavailable != null ? OffPolicyEstimate.unavailable(unavailable, n)
                : OffPolicyEstimate.of(logWeights, baselineReturns);
        if (!offPolicy.available()) {
            comparisons.replaceAll(c -> new EpisodeComparison(c.episodeId(), c.seed(), c.baselineReturn(), c.candidateReturn(),
                    c.baselineSteps(), c.candidateSteps(), c.candidateOutcome(), c.candidateFallbacks(), c.baselineViolations(),
                    c.candidateViolations(), c.reproduced(), null));
        }
        ReturnComparison returns = ReturnComparison.of(baselineReturns, candidateReturns, config.confidence());
        Verdict verdict = returns.significantlyWorse(config.margin()) ? Verdict.SIGNIFICANTLY_WORSE : Verdict.PASS;
        String candidate = agent == null ? plan.candidate().id().toString() : RegressConfig.EXTERNAL;
        LOG.info("Regression of {} episodes of {} with {}: mean difference {}, verdict {}", n, scenario.name(), candidate,
                returns.meanDifference(), verdict);
        return new RegressionReport(config.baselineDir().toAbsolutePath().toString(), scenario.name(), scenario.version(),
                plan.episodes().stream().map(e -> e.policyId() + "@" + e.policyVersion()).distinct().toList(),
                candidate, config.margin(), plan.maxSteps(), BaselineReader.quarantined(plan.dataset()),
                reproduced, mismatches, returns, offPolicy, agent == null ? null : answers(plan.agentLoop(), agent),
                violations(plan.episodes(), baselineRules, candidateRules), comparisons, verdict,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The baseline episodes run again with the external agent choosing. */
    private static AgentReruns.Outcome agentReruns(Plan plan, RuleCounter candidateRules) {
        AgentReruns.Outcome outcome;
        try {
            outcome = AgentReruns.run(plan.scenario(), plan.episodes(), plan.parameters(), plan.agentLoop(), candidateRules);
        } catch (PublishException e) {
            throw new RegressException("Kafka: " + e.getMessage(), e);
        }
        if (outcome.runs().size() != plan.episodes().size()) {
            throw new IllegalStateException(outcome.runs().size() + " of " + plan.episodes().size() + " episodes ended: "
                    + outcome.summary());
        }
        return outcome;
    }

    private static AgentAnswers answers(PublishOptions loop, AgentReruns.Outcome agent) {
        EpisodePublisher.Summary summary = agent.summary();
        return new AgentAnswers(loop.namespace(), List.copyOf(agent.agentIds()), loop.agentDeadline().toMillis(),
                summary.agentDecisions(), summary.agentTimeouts(), summary.agentRejections());
    }

    private Plan plan() {
        if (config.externalAgent()) {
            for (String setting : List.of("bootstrap.servers", "schema.registry.url")) {
                if (clientProperties.get(setting) == null) {
                    throw new RegressException("--policy external needs Kafka and a schema registry (the agent reads states and"
                            + " answers through them): " + setting + " is not set");
                }
            }
        }
        StoredDataset dataset;
        try {
            dataset = StoredDataset.open(config.baselineDir());
        } catch (SinkException e) {
            throw new RegressException("baseline: " + e.getMessage(), e);
        }
        List<BaselineEpisode> all = BaselineReader.episodes(dataset);
        List<BaselineEpisode> episodes = config.episodes() == 0 ? all : all.subList(0, Math.min(config.episodes(), all.size()));
        if (episodes.size() < 2) {
            throw new RegressException("baseline " + config.baselineDir().toAbsolutePath() + " holds " + all.size()
                    + " episodes in its training set; a regression needs at least 2 for a confidence interval");
        }
        Scenario scenario = scenario(episodes);
        Policy candidate = null;
        if (!config.externalAgent()) {
            try {
                candidate = Policies.named(config.policy(), scenario);
            } catch (IllegalArgumentException e) {
                throw new RegressException("--policy: " + e.getMessage(), e);
            }
        }
        Map<String, ParameterSet> parameters = new HashMap<>();
        for (BaselineEpisode episode : episodes) {
            parameters.computeIfAbsent(episode.parameters(), json -> parameters(scenario, episode));
            if (episode.spec().seed() != episode.seed()) {
                throw new RegressException("baseline episode " + episode.episodeId() + " has seed " + episode.seed()
                        + ", but run seed " + episode.runSeed() + " and index " + episode.index() + " now give seed "
                        + episode.spec().seed() + ": this mdpstream derives episode seeds differently; regenerate the baseline");
            }
        }
        int maxSteps = maxSteps(episodes);
        PublishOptions agentLoop = config.externalAgent() ? agentLoop(scenario, episodes.size(), maxSteps) : null;
        return new Plan(dataset, scenario, candidate, agentLoop, episodes, parameters, maxSteps);
    }

    /**
     * How the episodes are published for an agent: as fast as it answers, no faults, under a run id of
     * this regression's own (the publisher's transactional id, and the prefix of the episode ids).
     */
    private PublishOptions agentLoop(Scenario scenario, int episodes, int maxSteps) {
        String namespace = config.namespace() != null ? config.namespace() : scenario.name() + "-regress";
        String runId = "regress-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            return new PublishOptions(namespace, runId, 0, RegressConfig.EXTERNAL, null, episodes, config.inFlight(), 1, 0,
                    Double.POSITIVE_INFINITY, 0, null, config.partitions(), config.replicationFactor(), COMMIT_INTERVAL,
                    config.agentTimeout(), false, FaultSpec.NONE, maxSteps, clientProperties);
        } catch (IllegalArgumentException e) {
            throw new RegressException(e.getMessage(), e);
        }
    }

    /** The one scenario of the episodes, in the same version as stored. */
    private Scenario scenario(List<BaselineEpisode> episodes) {
        Set<String> names = episodes.stream().map(BaselineEpisode::scenario).collect(Collectors.toCollection(LinkedHashSet::new));
        if (names.size() > 1) {
            throw new RegressException("baseline " + config.baselineDir().toAbsolutePath() + " holds episodes of several scenarios "
                    + names + "; a regression compares one scenario: store each in a dataset of its own");
        }
        String name = names.iterator().next();
        Scenario scenario;
        try {
            scenario = Scenarios.named(name);
        } catch (IllegalArgumentException e) {
            throw new RegressException("baseline " + config.baselineDir().toAbsolutePath() + " was generated by scenario '" + name
                    + "', which this mdpstream does not have: " + e.getMessage(), e);
        }
        for (BaselineEpisode episode : episodes) {
            if (!scenario.version().equals(episode.scenarioVersion())) {
                throw new RegressException("baseline episode " + episode.episodeId() + " was generated by scenario " + name
                        + " version " + episode.scenarioVersion() + ", which no longer exists: this mdpstream has version "
                        + scenario.version() + ". Its dynamics may differ, so the same seeds would not give the same world; "
                        + "regenerate the baseline with this version (publish the baseline policy and store it again)");
            }
        }
        return scenario;
    }

    /** The stored parameters, loaded again; they must give the same canonical JSON. */
    private static ParameterSet parameters(Scenario scenario, BaselineEpisode episode) {
        ParameterSet set;
        try {
            set = Scenarios.parameters(scenario, "parameters of baseline episode " + episode.episodeId(), episode.parameters());
        } catch (ParameterException e) {
            throw new RegressException("the parameters of baseline episode " + episode.episodeId() + " no longer load: "
                    + e.getMessage() + "; regenerate the baseline", e);
        }
        if (!set.canonicalJson().equals(episode.parameters())) {
            throw new RegressException("the parameters of baseline episode " + episode.episodeId() + " load differently now "
                    + "(the scenario's parameters changed): stored " + episode.parameters() + ", loaded " + set.canonicalJson()
                    + "; regenerate the baseline");
        }
        return set;
    }

    /** The configured limit, or the baseline's as its truncated episodes state it, or the simulator's default. */
    private int maxSteps(List<BaselineEpisode> episodes) {
        if (config.maxSteps() > 0) {
            return config.maxSteps();
        }
        for (BaselineEpisode episode : episodes) {
            Matcher limit = episode.endReason() == null ? null : STEP_LIMIT.matcher(episode.endReason());
            if (limit != null && limit.find()) {
                return Integer.parseInt(limit.group(1));
            }
        }
        return DriverOptions.defaults().maxSteps();
    }

    private static ViolationCounts violations(List<BaselineEpisode> episodes, RuleCounter baseline, RuleCounter candidate) {
        Map<String, Long> stored = new TreeMap<>();
        Map<String, Long> verdicts = new TreeMap<>();
        for (BaselineEpisode episode : episodes) {
            episode.violations().forEach((rule, count) -> stored.merge(rule, count, Long::sum));
            verdicts.merge(episode.verdict(), 1L, Long::sum);
        }
        return new ViolationCounts(stored, verdicts, new TreeMap<>(baseline.counts()), new TreeMap<>(candidate.counts()),
                RuleCounter.RULES.stream().map(Rule::id).toList(), RuleCounter.NOT_RUN);
    }
}
