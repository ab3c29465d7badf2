package io.mdpstream.publish.internal;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.contract.ScenarioEventSchemas;
import io.mdpstream.events.Envelope;
import io.mdpstream.events.EpisodeEnded;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeStarted;
import io.mdpstream.events.PolicyRef;
import io.mdpstream.events.Reward;
import io.mdpstream.serde.AvroWritable;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.space.ActionPayload;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sim.spi.SideRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;

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
    private final ScenarioEventSchemas schemas;
    private final Space actionSpace;
    private final Map<String, Schema> sideSchemas = new LinkedHashMap<>();
    private final Map<String, String> sideTopics = new LinkedHashMap<>();
    // Per event these would be new strings, hashed again by the serializer, the producer and the metrics.
    private final String episodesTopic;
    private final String statesTopic;
    private final String actionsTopic;
    private final String rewardsTopic;
    private final String scenarioName;
    private final String scenarioVersion;

    public AvroEvents(Scenario scenario, EventTopics topics) {
        this.scenario = scenario;
        this.episodesTopic = topics.episodes();
        this.statesTopic = topics.states();
        this.actionsTopic = topics.actions();
        this.rewardsTopic = topics.rewards();
        this.scenarioName = scenario.name();
        this.scenarioVersion = scenario.version();
        String namespace = ScenarioEventSchemas.namespaceOf(scenario.name());
        Schema observation = scenario.observationSpace().avroSchema("Observation", namespace);
        this.actionSpace = scenario.actionSpace();
        Schema action = ActionPayload.schema(actionSpace, namespace);
        this.schemas = ScenarioEventSchemas.of(scenario.name(), observation, action);
        scenario.sideStreams().forEach((stream, space) -> {
            sideSchemas.put(stream, sideSchema(namespace, stream, space));
            sideTopics.put(stream, topics.side(stream));
        });
    }

    public ScenarioEventSchemas schemas() {
        return schemas;
    }

    /** Side streams the scenario declares, with the topic each goes to. */
    public Map<String, String> sideTopics() {
        return new LinkedHashMap<>(sideTopics);
    }

    /**
     * The Avro form of an event and its topic.
     *
     * @param faults fault-injection rates, recorded in the episode header
     */
    public Routed toAvro(EpisodeSpec spec, TraceEvent event, Map<String, Double> faults) {
        return toAvro(spec, spec.episodeId(), TraceJson.simTime(spec, event.time()), event, faults);
    }

    /**
     * The Avro form of an event and its topic, for a caller that already has the episode's id and
     * the event's simulated instant (the publisher needs both for the record's key and timestamp).
     *
     * @param episodeId {@code spec.episodeId()}
     * @param simTime   {@code TraceJson.simTime(spec, event.time())}
     * @param faults    fault-injection rates, recorded in the episode header
     */
    public Routed toAvro(EpisodeSpec spec, String episodeId, Instant simTime, TraceEvent event, Map<String, Double> faults) {
        Envelope envelope = new Envelope(spec.runId(), episodeId, scenarioName, scenarioVersion, event.seq(), event.step(),
                simTime);
        if (event instanceof TraceEvent.StateEvent state) {
            GenericRecord observation = (GenericRecord) scenario.observationSpace().toAvro(state.observation(),
                    schemas.observation());
            boolean[] allowed = state.mask();
            Boolean[] mask = new Boolean[allowed.length];
            for (int i = 0; i < allowed.length; i++) {
                mask[i] = allowed[i];
            }
            // An immutable list, which newState keeps as it is instead of copying.
            return new Routed(statesTopic, schemas.newState(envelope, observation, List.of(mask)));
        }
        if (event instanceof TraceEvent.ActionEvent action) {
            return new Routed(actionsTopic, schemas.newAction(envelope, actionPayload(action.action()),
                    new PolicyRef(action.policy().id(), action.policy().version()), action.probability(), action.source()));
        }
        if (event instanceof TraceEvent.RewardEvent reward) {
            return new Routed(rewardsTopic, new Reward(envelope, reward.value(), reward.components(), reward.creditedStep()));
        }
        if (event instanceof TraceEvent.EpisodeStart start) {
            EpisodeStarted started = new EpisodeStarted(spec.index(), spec.seed(), spec.runSeed(), start.parameters(),
                    start.randomized(), new PolicyRef(start.policy().id(), start.policy().version()), start.codeVersion(),
                    faults);
            return new Routed(episodesTopic, new EpisodeEvent(envelope, started));
        }
        TraceEvent.EpisodeEnd end = (TraceEvent.EpisodeEnd) event;
        return new Routed(episodesTopic, new EpisodeEvent(envelope,
                new EpisodeEnded(end.outcome(), end.steps(),
                        end.episodeReturn(), end.reason())));
    }

    /**
     * The same event as {@link #toAvro(EpisodeSpec, String, Instant, TraceEvent, Map)} gives, for the
     * serializer to write: states, actions and rewards as {@link AvroWritable}s that encode
     * themselves to exactly the bytes their records would (the episode's first and last events,
     * two in a hundred, as records). The publisher's path at full speed, where building each record
     * and walking it again cost more than simulating the event.
     */
    public Routed encodable(EpisodeSpec spec, String episodeId, Instant simTime, TraceEvent event, Map<String, Double> faults) {
        if (event instanceof TraceEvent.StateEvent) {
            return new Routed(statesTopic, new Encodable(schemas.state(), spec.runId(), episodeId, simTime, event));
        }
        if (event instanceof TraceEvent.ActionEvent) {
            return new Routed(actionsTopic, new Encodable(schemas.action(), spec.runId(), episodeId, simTime, event));
        }
        if (event instanceof TraceEvent.RewardEvent) {
            return new Routed(rewardsTopic, new Encodable(Reward.getClassSchema(), spec.runId(), episodeId, simTime, event));
        }
        return toAvro(spec, episodeId, simTime, event, faults);
    }

    /**
     * A state, action or reward that writes itself field by field in the order of its schema (see
     * State.avsc, Action.avsc, Reward.avsc and Envelope.avsc); {@code AvroEventsTest} holds it to the
     * bytes of the records {@code toAvro} builds, for every scenario.
     */
    private final class Encodable implements AvroWritable {
        private final Schema schema;
        private final String runId;
        private final String episodeId;
        private final long simMillis;
        private final TraceEvent event;

        Encodable(Schema schema, String runId, String episodeId, Instant simTime, TraceEvent event) {
            this.schema = schema;
            this.runId = runId;
            this.episodeId = episodeId;
            this.simMillis = simTime.toEpochMilli();
            this.event = event;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public void write(Encoder out) throws IOException {
            out.writeString(runId);
            out.writeString(episodeId);
            out.writeString(scenarioName);
            out.writeString(scenarioVersion);
            out.writeLong(event.seq());
            out.writeInt(event.step());
            out.writeLong(simMillis);
            if (event instanceof TraceEvent.StateEvent state) {
                scenario.observationSpace().writeAvro(state.observation(), out);
                boolean[] mask = state.mask();
                out.writeArrayStart();
                out.setItemCount(mask.length);
                for (boolean allowed : mask) {
                    out.startItem();
                    out.writeBoolean(allowed);
                }
                out.writeArrayEnd();
            } else if (event instanceof TraceEvent.ActionEvent action) {
                // A dict's record, or the one-field record around any other space: the same bytes either way.
                actionSpace.writeAvro(action.action(), out);
                out.writeString(action.policy().id());
                out.writeString(action.policy().version());
                if (action.probability() == null) {
                    out.writeIndex(0);
                } else {
                    out.writeIndex(1);
                    out.writeDouble(action.probability());
                }
                out.writeEnum(action.source().ordinal());
            } else {
                TraceEvent.RewardEvent reward = (TraceEvent.RewardEvent) event;
                out.writeDouble(reward.value());
                Map<String, Double> components = reward.components();
                out.writeMapStart();
                out.setItemCount(components.size());
                for (Map.Entry<String, Double> component : components.entrySet()) {
                    out.startItem();
                    out.writeString(component.getKey());
                    out.writeDouble(component.getValue());
                }
                out.writeMapEnd();
                out.writeInt(reward.creditedStep());
            }
        }
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
        return new Routed(sideTopics.get(record.stream()), value);
    }

    /**
     * The action value an agent's Avro payload stands for.
     *
     * @throws IllegalArgumentException when it does not fit the action space's shape
     */
    public Object actionFromAvro(Object payload) {
        return ActionPayload.fromAvro(actionSpace, payload);
    }

    /** The record of an action value. */
    public GenericRecord actionPayload(Object action) {
        return ActionPayload.toAvro(actionSpace, action, schemas.actionPayload());
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
