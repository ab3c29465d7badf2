package io.mdpstream.publish;

import io.mdpstream.events.ActionSource;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import java.util.List;
import java.util.Objects;

/**
 * One published episode as the simulator ran it, before any injected fault: what a caller of
 * {@link EpisodePublisher#of} learns of each of its episodes.
 *
 * @param spec          the episode's spec
 * @param outcome       how it ended
 * @param episodeReturn the sum of its rewards
 * @param steps         decisions taken
 * @param events        every event of the episode in order, start to end
 */
public record EpisodeResult(EpisodeSpec spec, EpisodeOutcome outcome, double episodeReturn, int steps,
                            List<TraceEvent> events) {

    public EpisodeResult {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(outcome, "outcome");
        events = List.copyOf(events);
    }

    /** Decisions whose action came from the given source (an agent, the fallback after a missed deadline, a policy). */
    public long decisionsBy(ActionSource source) {
        return events.stream().filter(e -> e instanceof TraceEvent.ActionEvent action && action.source() == source).count();
    }
}
