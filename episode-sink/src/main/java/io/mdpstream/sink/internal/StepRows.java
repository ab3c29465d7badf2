package io.mdpstream.sink.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The row of one step: the decision's observation, the action taken, and what came of it. The
 * observation and the action keep the scenario's own typed records, so each of their fields is a
 * column of its own ({@code observation.queue_length}); a scenario whose action is not a dict has a
 * plain {@code action} column (an int for {@code Discrete}, a list for {@code MultiDiscrete}).
 * See the module README for how the columns map onto RLlib, Minari and LeRobot. Immutable.
 */
public final class StepRows {

    static final String NAMESPACE = "io.mdpstream.sink";

    private final Schema schema;
    private final String unwrapField;

    private StepRows(Schema schema, String unwrapField) {
        this.schema = schema;
        this.unwrapField = unwrapField;
    }

    /**
     * The rows of episodes written with these state and action schemas.
     *
     * @param observation   the state event's {@code observation} record
     * @param actionPayload the action event's {@code action} record; null when the episode has no action
     * @param unwrapAction  whether the payload wraps a single non-dict action in its one field
     */
    public static StepRows of(Schema observation, Schema actionPayload, boolean unwrapAction) {
        String unwrap = unwrapAction && actionPayload != null && actionPayload.getFields().size() == 1
                ? actionPayload.getFields().get(0).name() : null;
        Schema action = actionPayload == null ? Schema.create(Schema.Type.STRING)
                : unwrap != null ? actionPayload.getFields().get(0).schema() : actionPayload;
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(field("episode_id", Schema.create(Schema.Type.STRING), "Episode id (the Kafka key of its events)."));
        fields.add(field("episode_index", Schema.create(Schema.Type.LONG), "Index of the episode within its run."));
        fields.add(field("step", Schema.create(Schema.Type.INT), "Decision step within the episode, from 0."));
        fields.add(field("timestamp", LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)),
                "Simulated time of the decision."));
        fields.add(field("observation", observation, "What was known at the decision, as the scenario's record."));
        fields.add(field("action_mask", Schema.createArray(Schema.create(Schema.Type.BOOLEAN)),
                "Valid-action mask over the flattened discrete action space; empty when every action was valid."));
        fields.add(nullable("action", action, "The action taken; null if none was (an episode cut at a decision)."));
        fields.add(nullable("action_probability", Schema.create(Schema.Type.DOUBLE),
                "Probability of the action under the behaviour policy; null when unknown (external agent, fallback)."));
        fields.add(nullable("action_source", Schema.create(Schema.Type.STRING), "POLICY, EXTERNAL_AGENT or FALLBACK."));
        fields.add(nullable("policy_id", Schema.create(Schema.Type.STRING), "Policy that chose the action."));
        fields.add(nullable("policy_version", Schema.create(Schema.Type.STRING), "Version of that policy."));
        fields.add(field("reward", Schema.create(Schema.Type.DOUBLE),
                "Sum of the rewards crediting this step, late ones included."));
        fields.add(field("reward_components", Schema.createMap(Schema.create(Schema.Type.DOUBLE)),
                "The same sum by named business component."));
        fields.add(field("terminated", Schema.create(Schema.Type.BOOLEAN), "The episode reached a terminal state after this step."));
        fields.add(field("truncated", Schema.create(Schema.Type.BOOLEAN),
                "The episode was cut after this step by a limit outside the MDP (time, step budget) or aborted."));
        Schema row = Schema.createRecord("Step", "One decision step of an episode.", NAMESPACE, false);
        row.setFields(fields);
        return new StepRows(row, unwrap);
    }

    public Schema schema() {
        return schema;
    }

    /**
     * One row.
     *
     * @param state  the state event (envelope, observation, action_mask)
     * @param action the action event of the same step, or null
     */
    public GenericRecord row(String episodeId, long episodeIndex, GenericRecord state, GenericRecord action, double reward,
                             Map<String, Double> components, boolean terminated, boolean truncated) {
        GenericRecord envelope = (GenericRecord) state.get("envelope");
        GenericData.Record row = new GenericData.Record(schema);
        row.put("episode_id", episodeId);
        row.put("episode_index", episodeIndex);
        row.put("step", envelope.get("step"));
        row.put("timestamp", EpisodeAssembler.millis(envelope.get("sim_time")));
        row.put("observation", state.get("observation"));
        row.put("action_mask", state.get("action_mask"));
        if (action != null) {
            Object payload = action.get("action");
            row.put("action", unwrapField != null ? ((GenericRecord) payload).get(unwrapField) : payload);
            row.put("action_probability", action.get("probability"));
            row.put("action_source", action.get("source") == null ? null : action.get("source").toString());
            GenericRecord policy = (GenericRecord) action.get("policy");
            if (policy != null) {
                row.put("policy_id", policy.get("id").toString());
                row.put("policy_version", policy.get("version").toString());
            }
        }
        row.put("reward", reward);
        row.put("reward_components", components);
        row.put("terminated", terminated);
        row.put("truncated", truncated);
        return row;
    }

    static Schema.Field field(String name, Schema type, String doc) {
        return new Schema.Field(name, type, doc);
    }

    static Schema.Field nullable(String name, Schema type, String doc) {
        return new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), type), doc, JsonProperties.NULL_VALUE);
    }
}
