package io.mdpstream.sink.internal;

import static io.mdpstream.sink.internal.StepRows.field;
import static io.mdpstream.sink.internal.StepRows.nullable;

import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The episodes table: one row per stored episode with its lineage (everything needed to regenerate
 * it: run, scenario version, parameters, seeds, policy, code version, the schema ids it was written
 * with, fault injection) and what became of it (outcome, return, verdict, why it was quarantined).
 */
public final class EpisodeRows {

    /** The table's schema; it does not depend on the scenario. */
    public static final Schema SCHEMA = schema();

    private EpisodeRows() {
    }

    private static Schema schema() {
        Schema string = Schema.create(Schema.Type.STRING);
        Schema doubles = Schema.createMap(Schema.create(Schema.Type.DOUBLE));
        Schema millis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        Schema row = Schema.createRecord("Episode", "One stored episode and its lineage.", StepRows.NAMESPACE, false);
        row.setFields(List.of(
                field("episode_id", string, "Episode id; joins the steps table."),
                field("run_id", string, "The run that generated it."),
                field("episode_index", Schema.create(Schema.Type.LONG), "Index within the run."),
                field("scenario", string, "Scenario name."),
                field("scenario_version", string, "Version of the scenario's dynamics and default parameters."),
                field("seed", Schema.create(Schema.Type.LONG), "Episode seed."),
                field("run_seed", Schema.create(Schema.Type.LONG), "Seed of the run."),
                field("parameters", string, "Effective scenario parameters as canonical JSON."),
                field("randomized", doubles, "Values drawn for this episode from the domain-randomisation ranges."),
                field("policy_id", string, "Behaviour policy of the episode."),
                field("policy_version", string, "Its version."),
                field("code_version", string, "mdpstream version and commit that generated it."),
                field("fault_injection", doubles, "Fault-injection rates applied to it, by kind; empty when none."),
                field("schema_ids", Schema.createMap(Schema.createArray(Schema.create(Schema.Type.INT))),
                        "Registry schema ids its events were written with, by topic kind (episodes, states, actions, rewards)."),
                field("start_time", millis, "Simulated time of its start."),
                nullable("end_time", millis, "Simulated time of its end; null when it never ended."),
                nullable("outcome", string, "TERMINATED, TRUNCATED or ABORTED; null when it never ended."),
                nullable("end_reason", string, "Why it was truncated or aborted."),
                field("steps", Schema.create(Schema.Type.INT), "Decision steps (rows in the steps table)."),
                field("episode_return", Schema.create(Schema.Type.DOUBLE), "Undiscounted sum of its rewards."),
                field("events", Schema.create(Schema.Type.LONG), "Distinct events read."),
                field("duplicates", Schema.create(Schema.Type.LONG), "Duplicate events read and dropped."),
                field("verdict", string, "valid, invalid (the validator found an ERROR) or unvalidated (no verdict used)."),
                field("violations", Schema.createMap(Schema.create(Schema.Type.LONG)), "Violations the validator counted, by rule."),
                nullable("quarantine_reason", string, "Why it is in quarantine; null in the training set."),
                field("batch", string, "The batch (file name stem) its steps are stored in.")));
        return row;
    }
}
