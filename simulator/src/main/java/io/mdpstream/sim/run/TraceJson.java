package io.mdpstream.sim.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Trace events as JSON objects, one per event, with the fields of the Kafka events: the JSON Lines
 * output of {@code mdpstream simulate}. Simulated times are ISO-8601 instants.
 *
 * <p>Thread-safe.
 */
public final class TraceJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceJson() {
    }

    /** One event of the episode {@code spec}. */
    public static ObjectNode toJson(EpisodeSpec spec, String scenario, TraceEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type(event));
        node.put("run_id", spec.runId());
        node.put("episode_id", spec.episodeId());
        node.put("episode_index", spec.index());
        node.put("scenario", scenario);
        node.put("seq", event.seq());
        node.put("step", event.step());
        node.put("sim_time", simTime(spec, event.time()).toString());
        node.put("t", event.time());
        if (event instanceof TraceEvent.EpisodeStart start) {
            node.put("scenario_version", start.scenarioVersion());
            node.put("seed", spec.seed());
            node.put("run_seed", spec.runSeed());
            node.set("policy", policy(start.policy().id(), start.policy().version()));
            node.put("code_version", start.codeVersion());
            node.set("randomized", JSON.valueToTree(start.randomized()));
            try {
                node.set("parameters", JSON.readTree(start.parameters()));
            } catch (java.io.IOException e) {
                node.put("parameters", start.parameters());
            }
        } else if (event instanceof TraceEvent.StateEvent state) {
            node.set("observation", value(state.observation()));
            node.set("action_mask", value(state.mask()));
        } else if (event instanceof TraceEvent.ActionEvent action) {
            node.set("action", value(action.action()));
            node.set("policy", policy(action.policy().id(), action.policy().version()));
            if (action.probability() == null) {
                node.putNull("probability");
            } else {
                node.put("probability", action.probability());
            }
            node.put("source", action.source().name());
        } else if (event instanceof TraceEvent.RewardEvent reward) {
            node.put("value", reward.value());
            node.set("components", JSON.valueToTree(reward.components()));
            node.put("credited_step", reward.creditedStep());
        } else if (event instanceof TraceEvent.EpisodeEnd end) {
            node.put("outcome", end.outcome().name());
            node.put("steps", end.steps());
            node.put("episode_return", end.episodeReturn());
            node.put("reason", end.reason());
        }
        return node;
    }

    /** The simulated instant of a time within an episode, to the nanosecond. */
    public static Instant simTime(EpisodeSpec spec, double time) {
        return spec.start().plusNanos(Math.round(time * 1e9));
    }

    static String type(TraceEvent event) {
        if (event instanceof TraceEvent.EpisodeStart) {
            return "episode_started";
        }
        if (event instanceof TraceEvent.StateEvent) {
            return "state";
        }
        if (event instanceof TraceEvent.ActionEvent) {
            return "action";
        }
        if (event instanceof TraceEvent.RewardEvent) {
            return "reward";
        }
        return "episode_ended";
    }

    private static ObjectNode policy(String id, String version) {
        return JSON.createObjectNode().put("id", id).put("version", version);
    }

    /** A space value as JSON: maps as objects, arrays of any primitive as arrays. */
    public static JsonNode value(Object value) {
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = JSON.createObjectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), value(v)));
            return node;
        }
        if (value instanceof boolean[] flags) {
            ArrayNode array = JSON.createArrayNode();
            for (boolean flag : flags) {
                array.add(flag);
            }
            return array;
        }
        return JSON.valueToTree(value);
    }
}
