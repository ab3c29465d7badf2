package io.mdpstream.sim.spi;

import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A simulated decision problem: its spaces, parameters, dynamics, causal assumptions and a
 * sensible heuristic. Implementations are registered with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.mdpstream.sim.spi.Scenario}, so a scenario of your own plugs into
 * every command and check without changes elsewhere, and every scenario passes the same contract
 * test.
 *
 * <p>A scenario object is immutable and thread-safe; the state of a run lives in its episodes.
 */
public interface Scenario {

    /** Short name used on the command line and as the default namespace, e.g. {@code warehouse}. */
    String name();

    /** Version of the dynamics and default parameters; bump it when generated data would change. */
    String version();

    /** One line saying what is simulated. */
    String description();

    /** What a decision sees; a dict, so every field has a name. */
    Dict observationSpace();

    /** What a decision chooses. */
    Space actionSpace();

    /** The keys its parameter file may hold. */
    ParameterSpec parameterSpec();

    /**
     * The default parameter file (YAML). By default the classpath resource
     * {@code /scenarios/<name>.yaml}.
     */
    default String defaultParameters() {
        String resource = "/scenarios/" + name() + ".yaml";
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("scenario " + name() + " has no default parameters at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Business records the scenario can emit beside the MDP events, by stream name, each with the
     * space of its records (published to {@code <ns>.<stream>}). None by default.
     */
    default Map<String, Dict> sideStreams() {
        return Map.of();
    }

    /**
     * The longest simulated time from a decision to a reward that credits it, for the stream
     * validator's reward-delay rule; null (the default) when rewards may come arbitrarily late.
     */
    default java.time.Duration maxRewardDelay() {
        return null;
    }

    /** Which actions can influence which variables, and which variables are exogenous. */
    CausalModel causalModel();

    /** Rules every observation obeys beyond its space. */
    List<Invariant> invariants();

    /** A new episode; nothing runs until {@link Episode#reset}. */
    Episode newEpisode(EpisodeContext context);

    /** A sensible heuristic for the scenario, clearly better than random. */
    ScoredPolicy heuristic();

    /**
     * The action applied when an external agent misses its deadline or sends an invalid action: a
     * safe default that is valid under the decision's mask.
     */
    Object fallbackAction(Decision decision);
}
