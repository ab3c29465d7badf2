package io.mdpstream.regress.internal;

import io.mdpstream.events.ActionSource;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.EpisodeResult;
import io.mdpstream.publish.PlannedEpisode;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs baseline episodes again with an external agent choosing, through the publisher exactly as
 * {@code simulate --policy external} does: each episode is published from its own stored spec and
 * parameters (so it meets the baseline's randomness), its states go to {@code <ns>.states}, the
 * agent answers on {@code <ns>.agent-actions}, and a missed deadline applies the scenario's fallback.
 * Each episode's trace is checked with the same rules as a built-in candidate's, as it ends. Not
 * thread-safe.
 *
 * <p>A re-run episode is named {@code <regression run id>.<baseline episode id>}: its seed comes from
 * the run seed and index, not the run id, so the name changes nothing of the episode, but no agent
 * can mistake it for the same baseline episode in another regression (an agent reading the states
 * topic from its beginning would otherwise answer this run's decisions from another run's states).
 */
public final class AgentReruns {

    /**
     * What the agent did.
     *
     * @param runs     each episode's run, by baseline episode id
     * @param agentIds the names agents gave on their answers
     */
    public record Outcome(Map<String, EpisodeReruns.Run> runs, EpisodePublisher.Summary summary, Set<String> agentIds) {
    }

    private AgentReruns() {
    }

    /**
     * Publishes the episodes and waits for every one to end.
     *
     * @param options where and how: namespace, episodes in flight, the agent's deadline, Kafka clients
     * @throws io.mdpstream.publish.PublishException when Kafka or the registry cannot be reached or a topic does not fit
     */
    public static Outcome run(Scenario scenario, List<BaselineEpisode> episodes, Map<String, ParameterSet> parameters,
                              PublishOptions options, RuleCounter rules) {
        Map<String, EpisodeReruns.Run> runs = new HashMap<>();
        Set<String> agentIds = new TreeSet<>();
        Map<String, String> baselineIds = new HashMap<>();
        List<PlannedEpisode> planned = new ArrayList<>();
        for (BaselineEpisode episode : episodes) {
            EpisodeSpec stored = episode.spec();
            EpisodeSpec spec = new EpisodeSpec(options.runId() + "." + stored.runId(), stored.runSeed(), stored.index(),
                    stored.start());
            baselineIds.put(spec.episodeId(), episode.episodeId());
            planned.add(new PlannedEpisode(spec, parameters.get(episode.parameters())));
        }
        EpisodePublisher publisher = EpisodePublisher.of(scenario, planned, options, new SimpleMeterRegistry(), result -> {
            long before = rules.total();
            rules.checkEpisode(result.events());
            runs.put(baselineIds.get(result.spec().episodeId()), new EpisodeReruns.Run(result.episodeReturn(), result.steps(),
                    result.outcome().toString(), rules.total() - before, result.decisionsBy(ActionSource.FALLBACK)));
            agentIds.addAll(agentIds(result));
        });
        EpisodePublisher.Summary summary = publisher.run();
        return new Outcome(runs, summary, agentIds);
    }

    /** The agent ids on the episode's answers: the publisher names an agent's actions {@code external@<agent id>}. */
    private static Set<String> agentIds(EpisodeResult result) {
        Set<String> ids = new TreeSet<>();
        for (TraceEvent event : result.events()) {
            if (event instanceof TraceEvent.ActionEvent action && action.source() == ActionSource.EXTERNAL_AGENT) {
                ids.add(action.policy().version());
            }
        }
        return ids;
    }
}
