package io.mdpstream.sink.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** The columns set by {@link #row}, by name. */
    private enum Column {
        EPISODE_ID, EPISODE_INDEX, STEP, TIMESTAMP, OBSERVATION, ACTION_MASK, ACTION, ACTION_PROBABILITY, ACTION_SOURCE, POLICY_ID,
        POLICY_VERSION, REWARD, REWARD_COMPONENTS, TERMINATED, TRUNCATED;

        final String column = name().toLowerCase(Locale.ROOT);
    }

    private final Schema schema;
    private final String unwrapField;
    /** Position of each column in the schema: a row is built per step, and a put by name is a hash lookup. */
    private final int[] positions = new int[Column.values().length];

    private StepRows(Schema schema, String unwrapField) {
        this.schema = schema;
        this.unwrapField = unwrapField;
        for (Column column : Column.values()) {
            positions[column.ordinal()] = schema.getField(column.column).pos();
        }
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
        put(row, Column.EPISODE_ID, episodeId);
        put(row, Column.EPISODE_INDEX, episodeIndex);
        put(row, Column.STEP, envelope.get("step"));
        put(row, Column.TIMESTAMP, EpisodeAssembler.millis(envelope.get("sim_time")));
        put(row, Column.OBSERVATION, state.get("observation"));
        put(row, Column.ACTION_MASK, state.get("action_mask"));
        if (action != null) {
            Object payload = action.get("action");
            put(row, Column.ACTION, unwrapField != null ? ((GenericRecord) payload).get(unwrapField) : payload);
            put(row, Column.ACTION_PROBABILITY, action.get("probability"));
            put(row, Column.ACTION_SOURCE, action.get("source") == null ? null : action.get("source").toString());
            GenericRecord policy = (GenericRecord) action.get("policy");
            if (policy != null) {
                put(row, Column.POLICY_ID, policy.get("id").toString());
                put(row, Column.POLICY_VERSION, policy.get("version").toString());
            }
        }
        put(row, Column.REWARD, reward);
        put(row, Column.REWARD_COMPONENTS, components);
        put(row, Column.TERMINATED, terminated);
        put(row, Column.TRUNCATED, truncated);
        return row;
    }

    private void put(GenericData.Record row, Column column, Object value) {
        row.put(positions[column.ordinal()], value);
    }

    static Schema.Field field(String name, Schema type, String doc) {
        return new Schema.Field(name, type, doc);
    }

    static Schema.Field nullable(String name, Schema type, String doc) {
        return new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), type), doc, JsonProperties.NULL_VALUE);
    }
}
