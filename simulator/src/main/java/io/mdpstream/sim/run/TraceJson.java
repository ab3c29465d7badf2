package io.mdpstream.sim.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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

    /** One event of the episode {@code spec}, as a JSON tree (for tests and tools; {@link #write} streams). */
    public static ObjectNode toJson(EpisodeSpec spec, String scenario, TraceEvent event) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
                write(out, spec, scenario, event);
            }
            return (ObjectNode) JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes one event of the episode {@code spec} as a JSON object, streaming. */
    public static void write(JsonGenerator out, EpisodeSpec spec, String scenario, TraceEvent event) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", type(event));
        out.writeStringField("run_id", spec.runId());
        out.writeStringField("episode_id", spec.episodeId());
        out.writeNumberField("episode_index", spec.index());
        out.writeStringField("scenario", scenario);
        out.writeNumberField("seq", event.seq());
        out.writeNumberField("step", event.step());
        out.writeStringField("sim_time", simTime(spec, event.time()).toString());
        out.writeNumberField("t", event.time());
        if (event instanceof TraceEvent.EpisodeStart start) {
            out.writeStringField("scenario_version", start.scenarioVersion());
            out.writeNumberField("seed", spec.seed());
            out.writeNumberField("run_seed", spec.runSeed());
            writePolicy(out, start.policy().id(), start.policy().version());
            out.writeStringField("code_version", start.codeVersion());
            out.writeFieldName("randomized");
            writeValue(out, start.randomized());
            out.writeFieldName("parameters");
            out.writeRawValue(start.parameters());
        } else if (event instanceof TraceEvent.StateEvent state) {
            out.writeFieldName("observation");
            writeValue(out, state.observation());
            out.writeFieldName("action_mask");
            writeValue(out, state.mask());
        } else if (event instanceof TraceEvent.ActionEvent action) {
            out.writeFieldName("action");
            writeValue(out, action.action());
            writePolicy(out, action.policy().id(), action.policy().version());
            if (action.probability() == null) {
                out.writeNullField("probability");
            } else {
                out.writeNumberField("probability", action.probability());
            }
            out.writeStringField("source", action.source().name());
        } else if (event instanceof TraceEvent.RewardEvent reward) {
            out.writeNumberField("value", reward.value());
            out.writeFieldName("components");
            writeValue(out, reward.components());
            out.writeNumberField("credited_step", reward.creditedStep());
        } else if (event instanceof TraceEvent.EpisodeEnd end) {
            out.writeStringField("outcome", end.outcome().name());
            out.writeNumberField("steps", end.steps());
            out.writeNumberField("episode_return", end.episodeReturn());
            out.writeStringField("reason", end.reason());
        }
        out.writeEndObject();
    }

    /** Writes a business record of a side stream (see {@link io.mdpstream.sim.spi.Scenario#sideStreams}). */
    public static void writeSideRecord(JsonGenerator out, EpisodeSpec spec, String scenario,
                                       io.mdpstream.sim.spi.SideRecord record) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "side_record");
        out.writeStringField("stream", record.stream());
        out.writeStringField("run_id", spec.runId());
        out.writeStringField("episode_id", spec.episodeId());
        out.writeStringField("scenario", scenario);
        out.writeStringField("sim_time", simTime(spec, record.time()).toString());
        out.writeFieldName("record");
        writeValue(out, record.record());
        out.writeEndObject();
    }

    /** Writes a space value: maps as objects, arrays of any primitive as arrays. */
    public static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof double[] doubles) {
            out.writeArray(doubles, 0, doubles.length);
        } else if (value instanceof long[] longs) {
            out.writeArray(longs, 0, longs.length);
        } else if (value instanceof int[] ints) {
            out.writeArray(ints, 0, ints.length);
        } else if (value instanceof boolean[] flags) {
            out.writeStartArray();
            for (boolean flag : flags) {
                out.writeBoolean(flag);
            }
            out.writeEndArray();
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof Integer i) {
            out.writeNumber(i);
        } else if (value instanceof String text) {
            out.writeString(text);
        } else {
            JSON.writeValue(out, value);
        }
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

    private static void writePolicy(JsonGenerator out, String id, String version) throws IOException {
        out.writeObjectFieldStart("policy");
        out.writeStringField("id", id);
        out.writeStringField("version", version);
        out.writeEndObject();
    }

    /** A space value as a JSON tree, written as {@link #writeValue} writes it. */
    public static JsonNode value(Object value) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
                writeValue(out, value);
            }
            return JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
