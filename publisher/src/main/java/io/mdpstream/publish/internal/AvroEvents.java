package io.mdpstream.publish.internal;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.contract.ScenarioEventSchemas;
import io.mdpstream.events.Envelope;
import io.mdpstream.events.EpisodeEnded;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeStarted;
import io.mdpstream.events.PolicyRef;
import io.mdpstream.events.Reward;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sim.spi.SideRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro form of a scenario's events: the contract's records with the scenario's typed
 * observation and action joined in, the topic each goes to, and the reverse mapping for actions
 * that external agents send. Immutable and thread-safe.
 */
public final class AvroEvents {

    /** A value and the topic it goes to. */
    public record Routed(String topic, Object value) {
    }

    private final Scenario scenario;
    private final EventTopics topics;
    private final ScenarioEventSchemas schemas;
    private final Space actionSpace;
    private final boolean wrappedAction;
    private final Map<String, Schema> sideSchemas = new LinkedHashMap<>();

    public AvroEvents(Scenario scenario, EventTopics topics) {
        this.scenario = scenario;
        this.topics = topics;
        String namespace = ScenarioEventSchemas.namespaceOf(scenario.name());
        Schema observation = scenario.observationSpace().avroSchema("Observation", namespace);
        this.actionSpace = scenario.actionSpace();
        this.wrappedAction = !(actionSpace instanceof Dict);
        Schema action = wrappedAction
                ? Schema.createRecord("ActionPayload", "The action, as a single value", namespace, false,
                        List.of(new Schema.Field("value", actionSpace.avroSchema("ActionValue", namespace), null)))
                : actionSpace.avroSchema("ActionPayload", namespace);
        this.schemas = ScenarioEventSchemas.of(scenario.name(), observation, action);
        scenario.sideStreams().forEach((stream, space) -> sideSchemas.put(stream, sideSchema(namespace, stream, space)));
    }

    public ScenarioEventSchemas schemas() {
        return schemas;
    }

    /** Side streams the scenario declares, with the topic each goes to. */
    public Map<String, String> sideTopics() {
        Map<String, String> byStream = new LinkedHashMap<>();
        sideSchemas.keySet().forEach(stream -> byStream.put(stream, topics.side(stream)));
        return byStream;
    }

    /**
     * The Avro form of an event and its topic.
     *
     * @param faults fault-injection rates, recorded in the episode header
     */
    public Routed toAvro(EpisodeSpec spec, TraceEvent event, Map<String, Double> faults) {
        Envelope envelope = envelope(spec, event);
        if (event instanceof TraceEvent.EpisodeStart start) {
            EpisodeStarted started = new EpisodeStarted(spec.index(), spec.seed(), spec.runSeed(), start.parameters(),
                    start.randomized(), new PolicyRef(start.policy().id(), start.policy().version()), start.codeVersion(),
                    faults);
            return new Routed(topics.episodes(), new EpisodeEvent(envelope, started));
        }
        if (event instanceof TraceEvent.StateEvent state) {
            GenericRecord observation = (GenericRecord) scenario.observationSpace().toAvro(state.observation(),
                    schemas.observation());
            List<Boolean> mask = new ArrayList<>(state.mask().length);
            for (boolean allowed : state.mask()) {
                mask.add(allowed);
            }
            return new Routed(topics.states(), schemas.newState(envelope, observation, mask));
        }
        if (event instanceof TraceEvent.ActionEvent action) {
            return new Routed(topics.actions(), schemas.newAction(envelope, actionPayload(action.action()),
                    new PolicyRef(action.policy().id(), action.policy().version()), action.probability(), action.source()));
        }
        if (event instanceof TraceEvent.RewardEvent reward) {
            return new Routed(topics.rewards(), new Reward(envelope, reward.value(), reward.components(), reward.creditedStep()));
        }
        TraceEvent.EpisodeEnd end = (TraceEvent.EpisodeEnd) event;
        return new Routed(topics.episodes(), new EpisodeEvent(envelope,
                new EpisodeEnded(end.outcome(), end.steps(),
                        end.episodeReturn(), end.reason())));
    }

    /** A business record of a side stream as a flat Avro record, and its topic. */
    public Routed toAvro(EpisodeSpec spec, SideRecord record) {
        Schema schema = sideSchemas.get(record.stream());
        Dict space = scenario.sideStreams().get(record.stream());
        GenericData.Record value = new GenericData.Record(schema);
        value.put("run_id", spec.runId());
        value.put("episode_id", spec.episodeId());
        value.put("sim_time", TraceJson.simTime(spec, record.time()).toEpochMilli());
        space.spaces().forEach((field, fieldSpace) ->
                value.put(field, fieldSpace.toAvro(record.record().get(field), schema.getField(field).schema())));
        return new Routed(topics.side(record.stream()), value);
    }

    /**
     * The action value an agent's Avro payload stands for.
     *
     * @throws IllegalArgumentException when it does not fit the action space's shape
     */
    public Object actionFromAvro(Object payload) {
        if (wrappedAction) {
            if (!(payload instanceof GenericRecord record) || record.getSchema().getField("value") == null) {
                throw new IllegalArgumentException("expected an ActionPayload record with a 'value' field");
            }
            return actionSpace.fromAvro(record.get("value"));
        }
        return actionSpace.fromAvro(payload);
    }

    /** The record of an action value. */
    public GenericRecord actionPayload(Object action) {
        if (wrappedAction) {
            GenericData.Record record = new GenericData.Record(schemas.actionPayload());
            record.put("value", actionSpace.toAvro(action, schemas.actionPayload().getField("value").schema()));
            return record;
        }
        return (GenericRecord) actionSpace.toAvro(action, schemas.actionPayload());
    }

    static Envelope envelope(EpisodeSpec spec, TraceEvent event, String scenario, String version) {
        return new Envelope(spec.runId(), spec.episodeId(), scenario, version, event.seq(), event.step(),
                TraceJson.simTime(spec, event.time()));
    }

    private Envelope envelope(EpisodeSpec spec, TraceEvent event) {
        return envelope(spec, event, scenario.name(), scenario.version());
    }

    private static Schema sideSchema(String namespace, String stream, Dict space) {
        Schema fields = space.avroSchema("Fields", namespace);
        List<Schema.Field> all = new ArrayList<>();
        all.add(new Schema.Field("run_id", Schema.create(Schema.Type.STRING), null));
        all.add(new Schema.Field("episode_id", Schema.create(Schema.Type.STRING), null));
        all.add(new Schema.Field("sim_time", LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)),
                "Simulated time of the record"));
        for (Schema.Field field : fields.getFields()) {
            all.add(new Schema.Field(field, field.schema()));
        }
        String name = Character.toUpperCase(stream.charAt(0)) + stream.substring(1).replace('-', '_');
        return Schema.createRecord(name, "A " + stream.toLowerCase(Locale.ROOT) + " record of scenario " + namespace,
                namespace, false, all);
    }
}
