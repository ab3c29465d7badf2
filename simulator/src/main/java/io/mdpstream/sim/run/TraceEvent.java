package io.mdpstream.sim.run;

import io.mdpstream.events.ActionSource;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.sim.policy.PolicyId;
import java.util.Map;

/**
 * One event of an episode as the simulator produced it, before any serialization. {@code seq} is
 * contiguous from 0 across all events of the episode; {@code step} is the decision the event
 * belongs to (-1 before the first); {@code time} is simulated seconds since the episode started.
 */
public sealed interface TraceEvent {

    long seq();

    int step();

    double time();

    /**
     * The episode begins; carries its lineage.
     *
     * @param parameters  effective parameters as canonical JSON
     * @param randomized  values drawn for this episode from randomisation ranges
     * @param faults      fault-injection rates applied downstream of the simulator (empty here)
     */
    record EpisodeStart(long seq, double time, EpisodeSpec spec, String scenario, String scenarioVersion,
                        String parameters, Map<String, Double> randomized, PolicyId policy, String codeVersion,
                        Map<String, Double> faults) implements TraceEvent {
        @Override
        public int step() {
            return -1;
        }
    }

    /** A decision point: the observation and the valid-action mask. */
    record StateEvent(long seq, int step, double time, Map<String, Object> observation, boolean[] mask)
            implements TraceEvent {
    }

    /** The action taken at a decision, who chose it, and its probability under the behaviour policy. */
    record ActionEvent(long seq, int step, double time, Object action, PolicyId policy, Double probability,
                       ActionSource source) implements TraceEvent {
    }

    /** A realised reward, crediting {@code creditedStep} (which may be earlier than {@code step}). */
    record RewardEvent(long seq, int step, double time, double value, Map<String, Double> components,
                       int creditedStep) implements TraceEvent {
    }

    /** The episode is over; nothing of it follows. */
    record EpisodeEnd(long seq, int step, double time, EpisodeOutcome outcome, int steps, double episodeReturn,
                      String reason) implements TraceEvent {
    }
}
