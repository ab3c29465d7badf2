package io.mdpstream.contract;

import io.mdpstream.events.ActionSource;
import io.mdpstream.events.AgentError;
import io.mdpstream.events.AgentErrorCode;
import io.mdpstream.events.FaultRecord;
import io.mdpstream.events.DriftMetric;
import io.mdpstream.events.DriftScore;
import io.mdpstream.events.Envelope;
import io.mdpstream.events.EpisodeEnded;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.events.EpisodeStarted;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Moments;
import io.mdpstream.events.PolicyRef;
import io.mdpstream.events.Reward;
import io.mdpstream.events.Severity;
import io.mdpstream.events.Violation;
import io.mdpstream.events.WindowMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The event schemas of the data contract, by full name: the values of every topic mdpstream
 * writes. States and actions appear as their templates (empty scenario payload); see
 * {@link ScenarioEventSchemas}.
 */
public final class ContractSchemas {

    /** Named types that other contract schemas refer to by name. */
    private static final List<Schema> SHARED_TYPES = List.of(
            Envelope.getClassSchema(), PolicyRef.getClassSchema(), EpisodeOutcome.getClassSchema(),
            ActionSource.getClassSchema(), Severity.getClassSchema(), DriftMetric.getClassSchema(),
            Moments.getClassSchema(), DriftScore.getClassSchema(), EpisodeStarted.getClassSchema(),
            EpisodeEnded.getClassSchema(), AgentErrorCode.getClassSchema());

    private ContractSchemas() {
    }

    /** A parser that already knows the shared named types, so schema files may refer to them by name. */
    public static Schema.Parser parser() {
        return new Schema.Parser().addTypes(SHARED_TYPES);
    }

    /** Every top-level event schema of the contract, by full name, in a stable order. */
    public static Map<String, Schema> topLevel() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (Schema schema : List.of(EpisodeEvent.getClassSchema(), ScenarioEventSchemas.stateTemplate(),
                ScenarioEventSchemas.actionTemplate(), Reward.getClassSchema(), Violation.getClassSchema(),
                WindowMetrics.getClassSchema(), EpisodeVerdict.getClassSchema(),
                ScenarioEventSchemas.agentActionTemplate(), AgentError.getClassSchema(), FaultRecord.getClassSchema())) {
            schemas.put(schema.getFullName(), schema);
        }
        return Collections.unmodifiableMap(schemas);
    }
}
